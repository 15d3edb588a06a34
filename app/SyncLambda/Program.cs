using System.Text.Json;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GistCloud.SyncLambda;

/// <summary>
/// <c>dotnet run --project app/SyncLambda</c>: one sync run with the configuration the Lambda reads, then exit.
/// Exit codes: 0 the run completed, stopped early (rate limit) or was skipped (another run holds the lease);
/// 1 the run failed; 2 the configuration is not valid.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var host = SyncHost.Build(args);
        IServiceProvider services;
        try
        {
            services = await SyncFunction.StartAsync(host);
        }
        catch (OptionsValidationException error)
        {
            await Console.Error.WriteLineAsync($"GistCloud sync: configuration is not valid: {error.Message}");
            return 2;
        }
        catch (Exception error) when (error is Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"GistCloud sync: DynamoDB could not be reached: {error.Message}");
            return 1;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        await using var scope = services.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<SyncEngine>().RunAsync(SyncTrigger.Manual, cancel.Token);
        Console.WriteLine(JsonSerializer.Serialize(SyncRunSummary.From(run), SyncFunction.Json));
        if (run.Outcome == SyncRunOutcome.Failed)
        {
            await Console.Error.WriteLineAsync($"GistCloud sync: run {run.RunId} failed: {run.Message}");
            return 1;
        }

        return 0;
    }
}
