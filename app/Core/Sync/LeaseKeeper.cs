using GistCloud.Core.Storage.SyncRuns;
using Microsoft.Extensions.Logging;

namespace GistCloud.Core.Sync;

/// <summary>
/// Renews a run's lease every third of its duration while the run works; if a renewal finds the lease taken,
/// <see cref="Token"/> is cancelled so the run stops instead of overlapping another.
/// </summary>
internal sealed partial class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _renewing;
    private readonly ILogger _logger;
    private volatile bool _lost;

    private LeaseKeeper(SyncLease lease, string holder, TimeSpan duration, TimeProvider time, ILogger logger, CancellationToken runToken)
    {
        _logger = logger;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        _renewing = RenewAsync(lease, holder, duration, time);
    }

    public CancellationToken Token => _stop.Token;

    public bool Lost => _lost;

    /// <param name="time">The clock whose ticks trigger renewals (the engine's; a test's fake clock drives them).</param>
    public static LeaseKeeper Start(SyncLease lease, string holder, TimeSpan duration, TimeProvider time, ILogger logger, CancellationToken runToken) =>
        new(lease, holder, duration, time, logger, runToken);

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        try
        {
            await _renewing;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RenewAsync(SyncLease lease, string holder, TimeSpan duration, TimeProvider time)
    {
        using var timer = new PeriodicTimer(duration / 3, time);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            bool renewed;
            try
            {
                renewed = await lease.RenewAsync(holder, duration, _stop.Token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A failed renewal is retried on the next tick; the lease still has two thirds of its time.
                LogRenewalFailed(exception, holder);
                continue;
            }

            if (!renewed)
            {
                _lost = true;
                LogLost(holder);
                await _stop.CancelAsync();
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the sync lease of run {RunId} failed; retrying")]
    private partial void LogRenewalFailed(Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} lost the sync lease; stopping")]
    private partial void LogLost(string runId);
}
