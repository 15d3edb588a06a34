using System.Text.Json;
using System.Text.Json.Serialization;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Queueing;
using GistCloud.Core.Storage;
using GistCloud.Core.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GistCloud.SyncLambda;

/// <summary>
/// The Lambda handler (<c>GistCloud.SyncLambda::GistCloud.SyncLambda.SyncFunction::HandleAsync</c>) for the managed
/// .NET runtime: it takes the invocation's raw JSON (an EventBridge scheduled event, or an SQS batch of "Sync now"
/// requests) and answers the run's summary (or the batch's item failures).
/// No Amazon.Lambda package is needed for a Stream-in, Stream-out method.
/// </summary>
public sealed partial class SyncFunction
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
        var invocation = await ReadInvocationAsync(input);
        var provider = await _services();
        if (invocation.QueueRecords is { } records)
        {
            return await HandleQueueAsync(provider, records);
        }

        await using var scope = provider.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<SyncEngine>().RunAsync(invocation.Trigger, CancellationToken.None);
        if (run.Outcome == SyncRunOutcome.Failed)
        {
            // An error result makes Lambda's asynchronous retries (and then the dead-letter queue) see the failure.
            throw new SyncRunFailedException(run);
        }

        return Serialize(SyncRunSummary.From(run));
    }

    /// <summary>
    /// An SQS batch from the event source mapping ("Sync now" requests): one run per message, under the run id the API
    /// answered with. A failed run or a message that is no run request is reported as a batch item failure (the mapping
    /// has <c>ReportBatchItemFailures</c>), so only that message returns to the queue and, after the queue's
    /// maxReceiveCount, to its dead-letter queue. A run skipped because another holds the lease is done: it is recorded.
    /// </summary>
    private static async Task<Stream> HandleQueueAsync(IServiceProvider provider, IReadOnlyList<QueueRecord> records)
    {
        var logger = provider.GetRequiredService<ILogger<SyncFunction>>();
        var failures = new List<BatchItemFailure>();
        foreach (var record in records)
        {
            if (!SyncRequestMessage.TryParse(record.Body, out var request, out var error))
            {
                LogPoisonMessage(logger, record.MessageId, error);
                failures.Add(new BatchItemFailure(record.MessageId));
                continue;
            }

            await using var scope = provider.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<SyncEngine>().RunAsync(SyncTrigger.Manual, CancellationToken.None, request.RunId, request.RequestedBy);
            if (run.Outcome == SyncRunOutcome.Failed)
            {
                failures.Add(new BatchItemFailure(record.MessageId));
            }
        }

        return Serialize(new BatchResponse(failures));
    }

    private static MemoryStream Serialize<T>(T value)
    {
        var output = new MemoryStream();
        JsonSerializer.Serialize(output, value, Json);
        output.Position = 0;
        return output;
    }

    /// <summary>
    /// What invoked the function: an SQS batch (<c>"Records"</c> whose <c>eventSource</c> is <c>aws:sqs</c>), an
    /// EventBridge event (the schedule), or any other JSON object (a manual invocation).
    /// </summary>
    internal static async Task<Invocation> ReadInvocationAsync(Stream input)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(input);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The sync function takes a JSON object (an EventBridge event or an SQS batch): {exception.Message}", nameof(input), exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"The sync function takes a JSON object (an EventBridge event or an SQS batch), not {root.ValueKind}.", nameof(input));
            }

            if (root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array
                && records.EnumerateArray().Any(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("eventSource", out var source) && source.ValueEquals("aws:sqs")))
            {
                return new Invocation(SyncTrigger.Manual, [.. records.EnumerateArray().Select(QueueRecord.From)]);
            }

            return new Invocation(
                root.TryGetProperty("source", out var eventSource) && eventSource.ValueEquals("aws.events") ? SyncTrigger.Schedule : SyncTrigger.Manual,
                null);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SQS message {MessageId} is not a sync run request and goes back to the queue (then its dead-letter queue): {Reason}")]
    private static partial void LogPoisonMessage(ILogger logger, string messageId, string reason);

    internal sealed record Invocation(SyncTrigger Trigger, IReadOnlyList<QueueRecord>? QueueRecords);

    /// <summary>One record of an SQS event: the message id (what a batch item failure names) and the body.</summary>
    internal sealed record QueueRecord(string MessageId, string? Body)
    {
        public static QueueRecord From(JsonElement record) => new(
            record.TryGetProperty("messageId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "",
            record.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString() : null);
    }

    /// <summary>Lambda's partial batch response for SQS: <c>{"batchItemFailures":[{"itemIdentifier":"…"}]}</c>.</summary>
    internal sealed record BatchResponse(IReadOnlyList<BatchItemFailure> BatchItemFailures);

    internal sealed record BatchItemFailure(string ItemIdentifier);

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
