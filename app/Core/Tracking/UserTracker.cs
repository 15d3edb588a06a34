using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;
using GistCloud.Core.Pipedrive;
using GistCloud.Core.Storage.Users;
using GistCloud.Core.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Tracking;

/// <summary>Starts tracking a GitHub user: checks GitHub, stores the user and their existing gists.</summary>
public sealed partial class UserTracker(
    UserStore users,
    UserScanner scanner,
    IGitHubReader gitHub,
    IOptions<PipedriveOptions> pipedrive,
    TimeProvider time,
    ILogger<UserTracker> logger)
{
    /// <summary>
    /// Pages (of 100 gists) read while the caller waits. Bigger accounts are finished by the next sync: the
    /// user's watermark stays unset until a listing was complete.
    /// </summary>
    public const int InitialSyncPages = 3;

    public async Task<AddUserOutcome> AddAsync(GitHubUsername username, Actor addedBy, CancellationToken cancellationToken)
    {
        if (await users.FindAsync(username, cancellationToken) is not null)
        {
            return new AddUserOutcome.AlreadyTracked(username);
        }

        var lookup = await gitHub.FindUserAsync(username, cancellationToken);
        if (lookup.Failure is { } failure)
        {
            return failure.Kind == GitHubFailureKind.NotFound
                ? new AddUserOutcome.NotOnGitHub(username)
                : new AddUserOutcome.GitHubUnavailable(failure);
        }

        var profile = lookup.Value!;
        var user = new TrackedUser(
            username, profile.Name, profile.AvatarUrl, profile.HtmlUrl, time.GetUtcNow(),
            LastSyncedAt: null, GistCount: 0, UserStatus.Ok, LastError: null, AddedBy: addedBy);
        if (!await users.TryAddAsync(user, cancellationToken))
        {
            return new AddUserOutcome.AlreadyTracked(username);
        }

        // The same scan the sync runs, bounded; a failure is recorded on the user and the sync retries.
        var initialStatus = pipedrive.Value.IsEnabled ? PublishStatus.Pending : PublishStatus.Disabled;
        var tally = new SyncTally();
        try
        {
            await scanner.ScanAsync(user, initialStatus, InitialSyncPages, tally, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not UserNotTrackedException)
        {
            // The user is tracked now whatever happened here: answering 500 would make the client's retry a 409.
            // The sync stores their gists on its next run.
            LogFirstScanFailed(exception, username.Value);
        }
        var stored = await users.FindAsync(username, cancellationToken) ?? user;
        var figures = tally.Figures();
        LogStarted(username.Value, figures.GistsStored, stored.LastSyncedAt is not null);
        return new AddUserOutcome.Added(stored, IsComplete: stored.LastSyncedAt is not null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Started tracking {Username}, but storing their gists failed; the next sync retries")]
    private partial void LogFirstScanFailed(Exception exception, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started tracking {Username}: stored {GistCount} gists (complete: {IsComplete})")]
    private partial void LogStarted(string username, int gistCount, bool isComplete);
}
