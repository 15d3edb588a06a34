using GistCloud.Core.Domain.Actors;

namespace GistCloud.Core.Domain.Users;

/// <summary>A GitHub user whose public gists GistCloud watches.</summary>
/// <param name="LastGistAt">GitHub's createdAt of the newest gist stored; null until a gist is stored (or for users whose last gist came before it was recorded).</param>
/// <param name="AddedBy">Who started tracking the user; null for users added before it was recorded.</param>
public sealed record TrackedUser(
    GitHubUsername Username,
    string? DisplayName,
    string? AvatarUrl,
    string? HtmlUrl,
    DateTimeOffset AddedAt,
    DateTimeOffset? LastSyncedAt,
    long GistCount,
    UserStatus Status,
    string? LastError,
    UserSyncState? Sync = null,
    DateTimeOffset? LastGistAt = null,
    Actor? AddedBy = null)
{
    /// <summary>The sync's memory of this user (empty until the first scan).</summary>
    public UserSyncState SyncState => Sync ?? new UserSyncState();

    /// <summary>
    /// The user as of the last probe sweep: a completed run that started at <paramref name="sweptAt"/> asked GitHub about
    /// every tracked user and wrote to each one it did not find unchanged. So a user still Ok, with a probe signature
    /// (synced at least once) and added before the run, was synced at <paramref name="sweptAt"/> at the latest, and the
    /// run saved one write per unchanged user by not saying so on each.
    /// </summary>
    public TrackedUser WithProbeSweep(DateTimeOffset? sweptAt) =>
        sweptAt is { } at && Status == UserStatus.Ok && SyncState.ProbeSignature is not null && AddedAt <= at
        && (LastSyncedAt is null || LastSyncedAt < at)
            ? this with { LastSyncedAt = at }
            : this;
}

public enum UserStatus
{
    /// <summary>The last scan of this user succeeded.</summary>
    Ok,

    /// <summary>GitHub no longer knows this user (404); not retried on every run.</summary>
    NotFound,

    /// <summary>The last scan failed; <see cref="TrackedUser.LastError"/> says why.</summary>
    Error,
}
