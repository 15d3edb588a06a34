using System.Text.Json;
using System.Text.Json.Serialization;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Storage;
using GistCloud.Core.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GistCloud.SyncLambda;

/// <summary>
/// The Lambda handler (<c>GistCloud.SyncLambda::GistCloud.SyncLambda.SyncFunction::HandleAsync</c>) for the managed
/// .NET runtime: it takes the invocation's raw JSON (an EventBridge scheduled event) and answers the run's summary.
/// No Amazon.Lambda package is needed for a Stream-in, Stream-out method.
/// </summary>
public sealed class SyncFunction
{
    /// <summary>The handler string the Pulumi program must use; a test checks it against this method by reflection.</summary>
    public const string Handler = "GistCloud.SyncLambda::GistCloud.SyncLambda.SyncFunction::HandleAsync";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = false,
    };

    // One host per Lambda execution environment: built on the first invocation, reused by the warm ones.
    // A start that failed (SSM throttled, DynamoDB unreachable) is not kept: the next invocation starts afresh.
    private static readonly Lock StartGate = new();
    private static Task<IServiceProvider>? _sharedServices;

    private readonly Func<Task<IServiceProvider>> _services;

    public SyncFunction()
        : this(SharedServices)
    {
    }

    internal SyncFunction(Func<Task<IServiceProvider>> services) => _services = services;

    public async Task<Stream> HandleAsync(Stream input)
    {
        var trigger = await ReadTriggerAsync(input);
        var provider = await _services();
        await using var scope = provider.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<SyncEngine>().RunAsync(trigger, CancellationToken.None);
        if (run.Outcome == SyncRunOutcome.Failed)
        {
            // An error result makes Lambda's asynchronous retries (and then the dead-letter queue) see the failure.
            throw new SyncRunFailedException(run);
        }

        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, SyncRunSummary.From(run), Json);
        output.Position = 0;
        return output;
    }

    /// <summary>An EventBridge event (<c>"source": "aws.events"</c>) is the schedule; any other JSON object is a manual invocation.</summary>
    internal static async Task<SyncTrigger> ReadTriggerAsync(Stream input)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(input);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The sync function takes a JSON object (an EventBridge event): {exception.Message}", nameof(input), exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"The sync function takes a JSON object (an EventBridge event), not {document.RootElement.ValueKind}.", nameof(input));
            }

            return document.RootElement.TryGetProperty("source", out var source) && source.ValueEquals("aws.events")
                ? SyncTrigger.Schedule
                : SyncTrigger.Manual;
        }
    }

    private static Task<IServiceProvider> SharedServices()
    {
        lock (StartGate)
        {
            if (_sharedServices is null || _sharedServices.IsFaulted || _sharedServices.IsCanceled)
            {
                _sharedServices = StartAsync(SyncHost.Build([]));
            }

            return _sharedServices;
        }
    }

    internal static async Task<IServiceProvider> StartAsync(IHost host)
    {
        await host.StartAsync(); // validates options (ValidateOnStart) before the first run
        await host.Services.EnsureGistCloudTablesAsync(CancellationToken.None);
        return host.Services;
    }
}

/// <summary>The run ended Failed; its record (with the reason) is stored and in <see cref="Run"/>.</summary>
public sealed class SyncRunFailedException(SyncRun run) : Exception($"Sync run {run.RunId} failed: {run.Message}")
{
    public SyncRun Run { get; } = run;
}
