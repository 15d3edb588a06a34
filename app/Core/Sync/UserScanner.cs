using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Users;
using Microsoft.Extensions.Logging;

namespace GistCloud.Core.Sync;

/// <summary>
/// Scans one user: a conditional listing from the user's watermark, new gists stored (never twice) before the
/// watermark moves, updated ones refreshed, the outcome recorded on the user.
/// </summary>
public sealed partial class UserScanner(
    UserStore users,
    GistStore gists,
    IGitHubReader gitHub,
    TimeProvider time,
    ILogger<UserScanner> logger)
{
    /// <summary>
    /// How often a scan re-lists after moving the watermark. The re-listing is what makes the next run's request
    /// a free 304: an ETag only matches the URL it came from, and the watermark is part of the URL.
    /// </summary>
    private const int MaxListings = 3;

    /// <summary>
    /// The watermark stays this far behind the newest <c>updated_at</c> seen: a gist GitHub lists late, or one that
    /// slid to an earlier page while pages were read, is still inside the next listing. Storing by id makes the
    /// overlap harmless, and the URL still only changes when something new was stored.
    /// </summary>
    internal static readonly TimeSpan WatermarkOverlap = TimeSpan.FromMinutes(10);

    /// <summary>Scans the user; returns whether GitHub answered (so the user's outbox may be published).</summary>
    /// <param name="probeSignature">
    /// What the change probe answered for the user this run (or the stored signature when no probe ran): kept with a
    /// complete scan, so the next probe answering the same skips the listing.
    /// </param>
    internal async Task<bool> ScanAsync(
        TrackedUser user, PublishStatus initialStatus, int maxPages, SyncTally tally, CancellationToken cancellationToken, string? probeSignature = null)
    {
        var since = user.SyncState.Watermark;
        var etag = user.SyncState.GistsETag;
        var changed = false;
        tally.UserChecked();
        for (var listingNumber = 1; ; listingNumber++)
        {
            var listing = await gitHub.ListGistsAsync(user.Username, new GistListingRequest(since, etag, maxPages), cancellationToken);
            var checkedAt = time.GetUtcNow();
            if (listing.Failure is { } failure)
            {
                tally.GitHubAnswered(failure.Requests, failure.RateLimit);
                await RecordFailureAsync(user, failure, checkedAt, tally, cancellationToken);
                return false;
            }

            var found = listing.Value!;
            tally.GitHubAnswered(found.Requests, found.RateLimit);
            if (found.NotModified)
            {
                await RecordOkAsync(user, checkedAt, since, etag, probeSignature, cancellationToken);
                return true;
            }

            if (found.Gists.Count == 0 && found.IsComplete && await VanishedAsync(user, checkedAt, tally, cancellationToken))
            {
                return false;
            }

            var saved = await gists.SaveListingAsync(user.Username, found.Gists, initialStatus, cancellationToken);
            tally.Stored(saved.Added, saved.Updated);
            if (saved.Added + saved.Updated > 0 && !changed)
            {
                changed = true;
                tally.UserChanged();
            }

            LogListed(user.Username.Value, saved.Added, saved.Updated, found.Requests.Made, found.Requests.NotModified);
            if (!found.IsComplete)
            {
                // Only the first pages were read: keep the old watermark so the rest is listed next time.
                await users.RecordSyncScanAsync(
                    user.Username, new UserScan(UserStatus.Ok, null, checkedAt, null, since, null), cancellationToken);
                return true;
            }

            // New gists were stored, so the watermark may move past them; list again at the new URL to learn its
            // ETag (and to catch anything that arrived meanwhile). Otherwise this URL and its ETag are the ones to keep.
            var next = saved.Added > 0 && found.Gists.Count > 0 ? Later(since, found.Gists.Max(g => g.UpdatedAt) - WatermarkOverlap) : since;
            if (next == since || listingNumber == MaxListings)
            {
                await RecordOkAsync(user, checkedAt, next, next == since ? found.ETag : null, probeSignature, cancellationToken);
                return true;
            }

            since = next;
            etag = null;
        }
    }

    /// <summary>
    /// GitHub's gist list may answer an empty 200 for a user who no longer exists (only <c>GET /users/{u}</c> is sure
    /// to 404), so an empty listing that changed is checked against the profile. Unchanged listings are 304s and
    /// never get here, so this costs a request only when a user's list changed to empty.
    /// </summary>
    private async Task<bool> VanishedAsync(TrackedUser user, DateTimeOffset checkedAt, SyncTally tally, CancellationToken cancellationToken)
    {
        var profile = await gitHub.FindUserAsync(user.Username, cancellationToken);
        tally.GitHubAnswered(new GitHubRequestCount(1, 0), null);
        if (profile.Failure is { Kind: GitHubFailureKind.NotFound } failure)
        {
            await RecordFailureAsync(user, failure, checkedAt, tally, cancellationToken);
            return true;
        }

        return false;
    }

    private static DateTimeOffset Later(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } value && value > candidate ? value : candidate;

    /// <summary>
    /// The change probe found the user as the stored signature says: nothing to list and nothing to write. The run's
    /// probe sweep (<see cref="UserStore.RecordProbeSweepAsync"/>) says the user was synced, for all of them in one write.
    /// </summary>
    internal static void CountUnchanged(SyncTally tally) => tally.UserChecked();

    /// <summary>The change probe could not resolve the login: recorded as a REST 404 would be.</summary>
    internal Task RecordNotFoundAsync(TrackedUser user, string message, SyncTally tally, CancellationToken cancellationToken)
    {
        tally.UserChecked();
        return RecordFailureAsync(user, new GitHubFailure(GitHubFailureKind.NotFound, message), time.GetUtcNow(), tally, cancellationToken);
    }

    private Task RecordOkAsync(
        TrackedUser user, DateTimeOffset checkedAt, DateTimeOffset? watermark, string? etag, string? probeSignature, CancellationToken cancellationToken) =>
        users.RecordSyncScanAsync(user.Username, new UserScan(UserStatus.Ok, null, checkedAt, checkedAt, watermark, etag, probeSignature), cancellationToken);

    private async Task RecordFailureAsync(TrackedUser user, GitHubFailure failure, DateTimeOffset checkedAt, SyncTally tally, CancellationToken cancellationToken)
    {
        tally.Error(user.Username, failure.Message);
        switch (failure.Kind)
        {
            case GitHubFailureKind.RateLimited:
                // Not this user's fault: leave them as they were and stop asking GitHub this run.
                tally.StopGitHub(failure);
                return;
            case GitHubFailureKind.NotFound:
                await users.RecordSyncScanAsync(
                    user.Username,
                    new UserScan(UserStatus.NotFound, "GitHub no longer knows this user (404).", checkedAt, null, null, null),
                    cancellationToken);
                return;
            default:
                await users.RecordSyncScanAsync(
                    user.Username,
                    new UserScan(UserStatus.Error, failure.Message, checkedAt, null, null, user.SyncState.GistsETag),
                    cancellationToken);
                return;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Username}: {Added} new, {Updated} updated gists in {Requests} GitHub requests ({NotModified} not modified)")]
    private partial void LogListed(string username, int added, int updated, int requests, int notModified);
}
