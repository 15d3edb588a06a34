namespace GistCloud.Core.Domain.Users;

/// <summary>A GitHub user whose public gists GistCloud watches.</summary>
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
    UserSyncState? Sync = null)
{
    /// <summary>The sync's memory of this user (empty until the first scan).</summary>
    public UserSyncState SyncState => Sync ?? new UserSyncState();
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
