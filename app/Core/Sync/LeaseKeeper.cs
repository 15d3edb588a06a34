using GistCloud.Core.Storage;
using Microsoft.Extensions.Logging;

namespace GistCloud.Core.Sync;

/// <summary>
/// Renews a run's lease every third of its duration while the run works; if a renewal finds the lease taken,
/// <see cref="Token"/> is cancelled so the run stops instead of overlapping another.
/// </summary>
internal sealed partial class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly Task renewing;
    private readonly ILogger logger;
    private volatile bool lost;

    private LeaseKeeper(SyncLease lease, string holder, TimeSpan duration, TimeProvider time, ILogger logger, CancellationToken runToken)
    {
        this.logger = logger;
        stop = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        renewing = RenewAsync(lease, holder, duration, time);
    }

    public CancellationToken Token => stop.Token;

    public bool Lost => lost;

    /// <param name="time">The clock whose ticks trigger renewals (the engine's; a test's fake clock drives them).</param>
    public static LeaseKeeper Start(SyncLease lease, string holder, TimeSpan duration, TimeProvider time, ILogger logger, CancellationToken runToken) =>
        new(lease, holder, duration, time, logger, runToken);

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }

        try
        {
            await renewing;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task RenewAsync(SyncLease lease, string holder, TimeSpan duration, TimeProvider time)
    {
        using var timer = new PeriodicTimer(duration / 3, time);
        while (await timer.WaitForNextTickAsync(stop.Token))
        {
            bool renewed;
            try
            {
                renewed = await lease.RenewAsync(holder, duration, stop.Token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A failed renewal is retried on the next tick; the lease still has two thirds of its time.
                LogRenewalFailed(exception, holder);
                continue;
            }

            if (!renewed)
            {
                lost = true;
                LogLost(holder);
                await stop.CancelAsync();
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the sync lease of run {RunId} failed; retrying")]
    private partial void LogRenewalFailed(Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} lost the sync lease; stopping")]
    private partial void LogLost(string runId);
}
