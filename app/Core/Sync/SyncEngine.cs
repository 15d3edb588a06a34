using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;
using GistCloud.Core.Monitoring;
using GistCloud.Core.Pipedrive;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.Core.Storage.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Sync;

/// <summary>
/// One sync run: take the lease, scan every tracked user (bounded concurrency), publish their outboxes, and
/// record the run's figures. Two runs never overlap; a run that finds the lease held ends at once.
/// </summary>
public sealed partial class SyncEngine(
    UserStore users,
    SyncRunStore runs,
    SyncLease lease,
    UserScanner scanner,
    IGistChangeProbe changeProbe,
    OutboxRelay outbox,
    ISyncRunMetrics metrics,
    IOptions<SyncOptions> options,
    IOptions<GitHubOptions> gitHub,
    IOptions<PipedriveOptions> pipedrive,
    TimeProvider time,
    ILogger<SyncEngine> logger)
{

    /// <summary>Runs a whole sync and returns its record (Skipped when another run holds the lease).</summary>
    /// <param name="runId">The id to record the run under (a queued request's); a new one when null.</param>
    public async Task<SyncRun> RunAsync(SyncTrigger trigger, CancellationToken cancellationToken, string? runId = null, Actor? requestedBy = null)
    {
        var start = await TryStartAsync(trigger, cancellationToken, runId, requestedBy);
        return start.Completion is { } completion ? await completion : start.Run;
    }

    /// <summary>
    /// Takes the lease and starts the run; returns at once with the run's id and its completion. When the lease
    /// is held, the returned run is Skipped (and recorded) and there is no completion.
    /// </summary>
    /// <param name="runId">The id to record the run under (a queued request's, see <see cref="SyncRunRequest"/>); a new one when null.</param>
    /// <param name="requestedBy">Who asked for a manual run; recorded with it, skipped or not.</param>
    public async Task<SyncStart> TryStartAsync(SyncTrigger trigger, CancellationToken cancellationToken, string? runId = null, Actor? requestedBy = null)
    {
        runId ??= Guid.CreateVersion7().ToString("N");
        var startedAt = time.GetUtcNow();
        var attempt = await lease.TryAcquireAsync(runId, options.Value.LeaseDuration, cancellationToken);
        if (!attempt.Acquired)
        {
            var skipped = new SyncRun(
                runId, trigger, SyncRunOutcome.Skipped, startedAt, time.GetUtcNow(), new SyncFigures(), [],
                $"Run {attempt.Holder} holds the sync lease until {attempt.ExpiresAt:O}.", RequestedBy: requestedBy);
            await runs.SaveAsync(skipped, cancellationToken);
            LogSkipped(runId, attempt.Holder, attempt.ExpiresAt);
            return new SyncStart(skipped, Completion: null);
        }

        var running = new SyncRun(runId, trigger, SyncRunOutcome.Running, startedAt, null, new SyncFigures(), [], null, RequestedBy: requestedBy);
        try
        {
            await runs.SaveAsync(running, cancellationToken);
        }
        catch
        {
            await lease.ReleaseAsync(runId, CancellationToken.None);
            throw;
        }

        LogStarted(runId, trigger);
        return new SyncStart(running, Task.Run(() => ExecuteAsync(running, cancellationToken), CancellationToken.None));
    }

    private async Task<SyncRun> ExecuteAsync(SyncRun running, CancellationToken cancellationToken)
    {
        // Every log line written while the run works (the scanner, GitHub, Pipedrive, storage) carries its run id.
        using var runScope = logger.BeginScope(new RunLogScope(running.RunId));
        var tally = new SyncTally();
        var outcome = SyncRunOutcome.Completed;
        string? message = null;
        // Sync:MaxRunDuration is measured on the injected clock (a test's fake one drives it); the caller's token also stops the run.
        using var deadline = new CancellationTokenSource(options.Value.MaxRunDuration, time);
        await using var callerStops = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), deadline);
        await using (var keeper = LeaseKeeper.Start(lease, running.RunId, options.Value.LeaseDuration, time, logger, deadline.Token))
        {
            try
            {
                await ScanAllAsync(tally, keeper.Token);
                if (tally.GitHubStop is { } stop)
                {
                    outcome = SyncRunOutcome.StoppedEarly;
                    message = $"GitHub's rate limit is spent{(stop.RetryAt is { } at ? $" until {at:O}" : string.Empty)}: {stop.Message}";
                }
                else if (tally.PipedriveStop is { } reason)
                {
                    message = $"Publishing stopped early: {reason}";
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !keeper.Lost)
            {
                outcome = SyncRunOutcome.StoppedEarly;
                message = $"The run reached Sync:MaxRunDuration ({options.Value.MaxRunDuration}) and stopped, keeping its work; the next run goes on.";
            }
            catch (Exception exception)
            {
                // Whatever stopped the run (even a bare TaskCanceledException from an SDK timeout), it ends
                // recorded and with its lease released by FinishAsync below.
                outcome = SyncRunOutcome.Failed;
                message = cancellationToken.IsCancellationRequested ? "The run was cancelled (shutdown or timeout)."
                    : keeper.Lost ? "The sync lease was lost (another run took it over): this run stopped."
                    : $"The run failed: {exception.Message}";
                if (!cancellationToken.IsCancellationRequested && !keeper.Lost)
                {
                    LogFailed(exception, running.RunId);
                }
            }
        }

        return await FinishAsync(running, outcome, message, tally);
    }

    private async Task<SyncRun> FinishAsync(SyncRun running, SyncRunOutcome outcome, string? message, SyncTally tally)
    {
        var finished = running with
        {
            Outcome = outcome,
            FinishedAt = time.GetUtcNow(),
            Figures = tally.Figures(),
            Errors = tally.Errors,
            Message = PipedriveNote(Join(message, tally.ErrorsLeftOut)),
            FailedGists = tally.FailedGists,
            FailedGistsLeftOut = tally.FailedGistsLeftOut,
        };
        try
        {
            if (outcome == SyncRunOutcome.Completed && tally.ProbeSwept)
            {
                // Every user the probe found unchanged was synced as of this run's start: one write says so for all.
                await users.RecordProbeSweepAsync(running.StartedAt, CancellationToken.None);
            }

            // Recorded even when the caller is gone: the figures of a cut-short run are the most useful ones.
            await runs.SaveAsync(finished, CancellationToken.None);
            LogFinished(finished.RunId, finished.Outcome, finished.Duration ?? TimeSpan.Zero, finished.Figures);
            metrics.Record(finished);
            return finished;
        }
        finally
        {
            await lease.ReleaseAsync(running.RunId, CancellationToken.None);
        }
    }

    private static string? Join(string? message, int errorsLeftOut) =>
        errorsLeftOut == 0 ? message : $"{message}{(message is null ? string.Empty : " ")}{errorsLeftOut} more user errors were left out of this record (see the logs).".Trim();

    private async Task ScanAllAsync(SyncTally tally, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tracked = await users.ListAllAsync(cancellationToken);
        var initialStatus = pipedrive.Value.IsEnabled ? PublishStatus.Pending : PublishStatus.Disabled;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken };
        var probe = ChangeProbeRun.Start(
            changeProbe, gitHub.Value, tracked.Where(user => IsDue(user, now)).Select(user => user.Username), tally, logger, cancellationToken);

        await Parallel.ForEachAsync(tracked, parallel, async (user, token) =>
        {
            try
            {
                // Once GitHub's limit is spent the rest are not scanned (what is done stays done), but their
                // outboxes are still published: Pipedrive does not depend on GitHub answering.
                var unchanged = false;
                if (IsDue(user, now) && tally.GitHubStop is null)
                {
                    unchanged = await ScanAsync(user, probe, initialStatus, tally, token) == ProbeAction.Unchanged;
                }

                if (pipedrive.Value.IsEnabled && !OutboxRelay.IsKnownEmpty(user, storedNothingThisRun: unchanged))
                {
                    await outbox.PublishAsync(user, tally, token);
                }
            }
            catch (Exception exception) when (!token.IsCancellationRequested)
            {
                // One bad user never stops the others.
                tally.Error(user.Username, $"Unexpected: {exception.Message}");
                tally.FailedUnexpectedly();
                LogUserFailed(exception, user.Username.Value);
            }
        });
        // A user who failed unexpectedly may still look Ok and unchanged in the store: then no sweep may vouch for everyone.
        tally.ProbeSwept = probe is { Refused: false } && !tally.AnyUnexpectedFailure;
    }

    /// <summary>Asks the probe first (when on): only a user whose gists changed, or whom the probe could not answer for, is listed.</summary>
    private async Task<ProbeAction> ScanAsync(TrackedUser user, ChangeProbeRun? probe, PublishStatus initialStatus, SyncTally tally, CancellationToken cancellationToken)
    {
        var verdict = probe is null ? ProbeVerdict.ListOverRest(user.SyncState.ProbeSignature) : await probe.VerdictAsync(user, cancellationToken);
        switch (verdict.Action)
        {
            case ProbeAction.Unchanged:
                UserScanner.CountUnchanged(tally);
                break;
            case ProbeAction.NotFound:
                await scanner.RecordNotFoundAsync(user, verdict.Error!, tally, cancellationToken);
                break;
            case ProbeAction.List when tally.GitHubStop is null:
                await scanner.ScanAsync(user, initialStatus, int.MaxValue, tally, cancellationToken, verdict.Signature);
                break;
        }

        return verdict.Action;
    }

    private bool IsDue(TrackedUser user, DateTimeOffset now) =>
        user.Status != UserStatus.NotFound
        || user.SyncState.LastCheckedAt is not { } checkedAt
        || now - checkedAt >= options.Value.NotFoundRecheck;

    private string? PipedriveNote(string? message) =>
        pipedrive.Value.IsEnabled || message is not null
            ? message
            : "Pipedrive:ApiToken is not set: gists were stored as 'disabled' and not published.";

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync run {RunId} started ({Trigger})")]
    private partial void LogStarted(string runId, SyncTrigger trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync run {RunId} skipped: run {Holder} holds the lease until {ExpiresAt}")]
    private partial void LogSkipped(string runId, string holder, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync run {RunId} {Outcome} in {Duration}: {Figures}")]
    private partial void LogFinished(string runId, SyncRunOutcome outcome, TimeSpan duration, SyncFigures figures);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync run {RunId} failed")]
    private partial void LogFailed(Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Syncing {Username} failed unexpectedly")]
    private partial void LogUserFailed(Exception exception, string username);
}

/// <summary>The logging scope of a run: structured as <c>RunId</c> (JSON console, CloudWatch), and readable as text.</summary>
internal sealed class RunLogScope(string runId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new("RunId", runId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"Sync run {runId}";
}

/// <summary>A run that started (with its completion), or a Skipped run when the lease was held.</summary>
public sealed record SyncStart(SyncRun Run, Task<SyncRun>? Completion)
{
    public bool Started => Completion is not null;
}
