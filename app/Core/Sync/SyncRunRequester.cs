using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Queueing;
using GistCloud.Core.Storage.SyncRuns;

namespace GistCloud.Core.Sync;

/// <summary>
/// "Sync now" where the sync worker runs elsewhere (on AWS, the sync Lambda): the run is recorded as queued under a new
/// id, then a request with that id goes to the queue, so the caller can follow it at <c>/api/sync/runs/{id}</c> from
/// queued to running and finished (or skipped, when another run holds the lease). Recorded first, so the worker's own
/// record can never be overwritten by a late "queued".
/// </summary>
public sealed class SyncRunRequester(SyncRunStore runs, IEnumerable<ISyncRequestSender> queues, TimeProvider time)
{
    private readonly ISyncRequestSender? _queue = queues.FirstOrDefault();

    /// <summary>True when a queue is configured (<c>Sync:QueueUrl</c>).</summary>
    public bool IsAvailable => _queue is not null;

    /// <summary>Records the queued run and sends its request; a queue that refuses leaves the run recorded as failed, and throws.</summary>
    /// <exception cref="SyncRunQueueException">The queue did not take the request.</exception>
    public async Task<SyncRun> RequestAsync(Actor requestedBy, CancellationToken cancellationToken)
    {
        var queue = _queue ?? throw new InvalidOperationException("No sync run queue is configured (Sync:QueueUrl).");
        var now = time.GetUtcNow();
        var queued = new SyncRun(
            SyncRunStore.NewRunId(now), SyncTrigger.Manual, SyncRunOutcome.Queued, now, null, new SyncFigures(), [], "Waiting for the sync worker.", RequestedBy: requestedBy);
        await runs.SaveAsync(queued, cancellationToken);
        try
        {
            await queue.SendAsync(new SyncRunRequest(queued.RunId, now, requestedBy), cancellationToken);
        }
        catch (SyncRunQueueException exception)
        {
            await runs.SaveAsync(queued with { Outcome = SyncRunOutcome.Failed, FinishedAt = time.GetUtcNow(), Message = exception.Message }, CancellationToken.None);
            throw;
        }

        return queued;
    }
}
