using GistCloud.Core.Gists;
using GistCloud.Core.GitHub;
using GistCloud.Core.Pipedrive;
using GistCloud.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Users;

/// <summary>Starts tracking a GitHub user: checks GitHub, stores the user and their existing gists.</summary>
public sealed partial class UserTracker(
    UserStore users,
    GistStore gists,
    IGitHubReader gitHub,
    IOptions<PipedriveOptions> pipedrive,
    TimeProvider time,
    ILogger<UserTracker> logger)
{
    /// <summary>
    /// Pages (of 100 gists) read while the caller waits. Bigger accounts are finished by the
    /// next sync: the user's watermark stays unset until a listing was complete.
    /// </summary>
    public const int InitialSyncPages = 3;

    public async Task<AddUserOutcome> AddAsync(GitHubUsername username, CancellationToken cancellationToken)
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
            LastSyncedAt: null, GistCount: 0, UserStatus.Ok, LastError: null);
        if (!await users.TryAddAsync(user, cancellationToken))
        {
            return new AddUserOutcome.AlreadyTracked(username);
        }

        var isComplete = await StoreExistingGistsAsync(username, cancellationToken);
        var stored = await users.FindAsync(username, cancellationToken) ?? user;
        return new AddUserOutcome.Added(stored, isComplete);
    }

    /// <summary>The user is tracked whatever happens here: a failure is recorded on the user and the sync retries.</summary>
    private async Task<bool> StoreExistingGistsAsync(GitHubUsername username, CancellationToken cancellationToken)
    {
        var listing = await gitHub.ListGistsAsync(username, new GistListingRequest(MaxPages: InitialSyncPages), cancellationToken);
        if (listing.Failure is { } failure)
        {
            LogInitialListingFailed(username.Value, failure.Kind, failure.Message);
            var status = failure.Kind == GitHubFailureKind.NotFound ? UserStatus.NotFound : UserStatus.Error;
            await users.RecordScanAsync(username, status, failure.Message, syncedAt: null, cancellationToken);
            return false;
        }

        var found = listing.Value!;
        var initialStatus = pipedrive.Value.IsEnabled ? PublishStatus.Pending : PublishStatus.Disabled;
        var result = await gists.AddNewAsync(username, found.Gists, initialStatus, cancellationToken);
        await users.RecordScanAsync(
            username, UserStatus.Ok, error: null, syncedAt: found.IsComplete ? time.GetUtcNow() : null, cancellationToken);
        LogInitialGistsStored(username.Value, result.Added, found.IsComplete);
        return found.IsComplete;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started tracking {Username}: stored {GistCount} gists (complete: {IsComplete})")]
    private partial void LogInitialGistsStored(string username, int gistCount, bool isComplete);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Started tracking {Username}, but listing their gists failed ({FailureKind}): {Error}")]
    private partial void LogInitialListingFailed(string username, GitHubFailureKind failureKind, string error);
}
