using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Pipedrive;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Sync;

/// <summary>
/// Relays one user's Pipedrive outbox: publishes the stored gists that Pipedrive has not confirmed yet. Each attempt is recorded before the
/// Pipedrive call, so a crash in between leaves a mark and the next attempt looks for the item before creating.
/// </summary>
public sealed partial class OutboxRelay(
    UserStore users,
    GistOutbox gists,
    GistPublisher publisher,
    IOptions<PipedriveOptions> pipedrive,
    IOptions<SyncOptions> sync,
    ILogger<OutboxRelay> logger)
{
    /// <summary>
    /// True when the user's outbox needs no look this run: nothing was stored for the user (the probe found them unchanged)
    /// and no gist has come since the outbox was last found empty. Saves one query per unchanged user per run.
    /// </summary>
    internal static bool IsKnownEmpty(TrackedUser user, bool storedNothingThisRun) =>
        storedNothingThisRun && user.SyncState.OutboxClearThrough >= user.GistCount;

    internal async Task PublishAsync(TrackedUser user, SyncTally tally, CancellationToken cancellationToken)
    {
        var maxAttempts = pipedrive.Value.MaxAttempts;
        var outbox = await gists.ListOutboxAsync(user.Username, maxAttempts, sync.Value.PublishBatch, cancellationToken);
        if (outbox.Count == 0)
        {
            // The user's gist count as the run read it: every gist numbered up to it was committed before this (consistent)
            // outbox query, so none of them waits. A gist stored since has a higher number and is looked for next time.
            if (user.SyncState.OutboxClearThrough != user.GistCount)
            {
                await users.RecordOutboxClearAsync(user.Username, user.GistCount, cancellationToken);
            }

            return;
        }

        if (tally.PipedriveStop is not null)
        {
            return;
        }

        var person = await publisher.EnsurePersonAsync(user.Username, user.SyncState.PipedrivePersonId, cancellationToken);
        if (person.Failure is { } personFailure)
        {
            StopIfPipedriveIsOut(personFailure, tally);
            tally.Error(user.Username, $"Pipedrive person: {personFailure.Message}");
            return;
        }

        var personId = person.Value;
        if (personId != user.SyncState.PipedrivePersonId)
        {
            await users.SetPipedrivePersonAsync(user.Username, personId, cancellationToken);
        }

        // The stored person is never looked up on the way in (that would cost a call per user per run), so a person
        // deleted or merged away in Pipedrive shows only as refused creations. Check once per user per run, on the
        // first refusal: a gist's own fault refuses it again and again, a vanished person refuses them all.
        var personChecked = false;
        for (var i = 0; i < outbox.Count; i++)
        {
            if (tally.PipedriveStop is not null)
            {
                return;
            }

            var gist = outbox[i];
            var before = await gists.BeginAttemptAsync(user.Username, gist.Id, cancellationToken);
            var published = await publisher.PublishAsync(gist, personId, before.OutcomeUncertain, cancellationToken);
            if (published.Value is { } item)
            {
                await gists.MarkPublishedAsync(user.Username, gist.Id, item.Id, cancellationToken);
                tally.Published();
                continue;
            }

            var failure = published.Failure!;
            // A refusal after something was created (a deal without its note) proves the person exists.
            if (failure is { Kind: PipedriveFailureKind.Rejected, MayHaveCreated: false } && !personChecked)
            {
                personChecked = true;
                var replacement = await ReplaceVanishedPersonAsync(user, personId, tally, cancellationToken);
                if (replacement is not null || tally.PipedriveStop is not null)
                {
                    // The refusal was (or, with the check cut short, may have been) the person's, not the gist's:
                    // the attempt does not count. With a new person, this gist and the rest go again right away.
                    await gists.DeferAttemptAsync(user.Username, gist.Id, failure.Message, before.OutcomeUncertain, cancellationToken);
                    if (replacement is not { } newPersonId)
                    {
                        return;
                    }

                    personId = newPersonId;
                    i--;
                    continue;
                }
            }

            if (StopIfPipedriveIsOut(failure, tally) && !failure.MayHaveCreated)
            {
                // Pipedrive turned the call away before acting: the attempt does not count against the gist.
                await gists.DeferAttemptAsync(user.Username, gist.Id, failure.Message, before.OutcomeUncertain, cancellationToken);
                return;
            }

            await gists.MarkFailedAsync(user.Username, gist.Id, failure.Message, failure.MayHaveCreated || before.OutcomeUncertain, maxAttempts, cancellationToken);
            tally.PublishFailed(new FailedGistPublish(user.Username, gist.Id, failure.Message, before.Attempts + 1));
            LogPublishFailed(gist.Id, user.Username.Value, before.Attempts + 1, maxAttempts, failure.Message);
        }
    }

    /// <summary>
    /// When <paramref name="personId"/> no longer exists in Pipedrive: finds (by name) or creates the user's person
    /// again and stores its id. Null when the person exists, or when Pipedrive could not tell (then today's handling stands).
    /// </summary>
    private async Task<long?> ReplaceVanishedPersonAsync(TrackedUser user, long personId, SyncTally tally, CancellationToken cancellationToken)
    {
        var exists = await publisher.PersonExistsAsync(personId, cancellationToken);
        if (exists.Failure is { } checkFailure)
        {
            StopIfPipedriveIsOut(checkFailure, tally);
            return null;
        }

        if (exists.Value)
        {
            return null;
        }

        var fresh = await publisher.EnsurePersonAsync(user.Username, knownPersonId: null, cancellationToken);
        if (fresh.Failure is { } freshFailure)
        {
            StopIfPipedriveIsOut(freshFailure, tally);
            tally.Error(user.Username, $"Pipedrive person {personId} is gone and could not be replaced: {freshFailure.Message}");
            return null;
        }

        if (fresh.Value == personId)
        {
            return null; // the search still lists the gone person (its index lags): retrying with it would only be refused again
        }

        await users.SetPipedrivePersonAsync(user.Username, fresh.Value, cancellationToken);
        LogPersonReplaced(user.Username.Value, personId, fresh.Value);
        return fresh.Value;
    }

    /// <summary>A spent budget or a refused token fails every call alike: stop publishing for this run.</summary>
    private static bool StopIfPipedriveIsOut(PipedriveFailure failure, SyncTally tally)
    {
        if (failure.Kind is PipedriveFailureKind.RateLimited or PipedriveFailureKind.Unauthorized)
        {
            tally.StopPipedrive(failure.Message);
            return true;
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing gist {GistId} of {Username} failed (attempt {Attempt} of {MaxAttempts}): {Error}")]
    private partial void LogPublishFailed(string gistId, string username, int attempt, int maxAttempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Pipedrive person {OldPersonId} of {Username} no longer exists: publishing to person {NewPersonId} instead")]
    private partial void LogPersonReplaced(string username, long oldPersonId, long newPersonId);
}
