using GistCloud.Core.Pipedrive;
using GistCloud.Core.Storage;
using GistCloud.Core.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Sync;

/// <summary>
/// Publishes one user's stored gists that Pipedrive has not confirmed yet. Each attempt is recorded before the
/// Pipedrive call, so a crash in between leaves a mark and the next attempt looks for the item before creating.
/// </summary>
public sealed partial class PipedriveOutbox(
    UserStore users,
    GistStore gists,
    GistPublisher publisher,
    IOptions<PipedriveOptions> pipedrive,
    IOptions<SyncOptions> sync,
    ILogger<PipedriveOutbox> logger)
{
    internal async Task PublishAsync(TrackedUser user, SyncTally tally, CancellationToken cancellationToken)
    {
        var maxAttempts = pipedrive.Value.MaxAttempts;
        var outbox = await gists.ListOutboxAsync(user.Username, maxAttempts, sync.Value.PublishBatch, cancellationToken);
        if (outbox.Count == 0 || tally.PipedriveStop is not null)
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

        if (person.Value != user.SyncState.PipedrivePersonId)
        {
            await users.SetPipedrivePersonAsync(user.Username, person.Value, cancellationToken);
        }

        foreach (var gist in outbox)
        {
            if (tally.PipedriveStop is not null)
            {
                return;
            }

            var before = await gists.BeginAttemptAsync(user.Username, gist.Id, cancellationToken);
            var published = await publisher.PublishAsync(gist, person.Value, before.OutcomeUncertain, cancellationToken);
            if (published.Value is { } item)
            {
                await gists.MarkPublishedAsync(user.Username, gist.Id, item.Id, cancellationToken);
                tally.Published();
                continue;
            }

            var failure = published.Failure!;
            if (StopIfPipedriveIsOut(failure, tally) && !failure.MayHaveCreated)
            {
                // Pipedrive turned the call away before acting: the attempt does not count against the gist.
                await gists.DeferAttemptAsync(user.Username, gist.Id, failure.Message, before.OutcomeUncertain, cancellationToken);
                return;
            }

            await gists.MarkFailedAsync(user.Username, gist.Id, failure.Message, failure.MayHaveCreated || before.OutcomeUncertain, maxAttempts, cancellationToken);
            tally.PublishFailed();
            LogPublishFailed(gist.Id, user.Username.Value, before.Attempts + 1, maxAttempts, failure.Message);
        }
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
}
