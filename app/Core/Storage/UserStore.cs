using GistCloud.Core.Paging;
using GistCloud.Core.Users;

namespace GistCloud.Core.Storage;

/// <summary>The users table: who is tracked, and their sync state.</summary>
public sealed class UserStore
{
    /// <summary>The user, or null when not tracked (absent, or being removed).</summary>
    public Task<TrackedUser?> FindAsync(GitHubUsername username, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Stores a new tracked user (gistCount 0). False when the user is already tracked (conditional put).</summary>
    public Task<bool> TryAddAsync(TrackedUser user, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Tracked users ordered by username, one page at a time.</summary>
    public Task<Page<TrackedUser>> ListAsync(PageRequest page, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Records the outcome of a scan: status, error (null when ok), and when it last succeeded.</summary>
    public Task RecordScanAsync(GitHubUsername username, UserStatus status, string? error, DateTimeOffset? syncedAt, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Removes the user with their gists and visits. False when the user was not tracked.</summary>
    public Task<bool> RemoveAsync(GitHubUsername username, CancellationToken cancellationToken) => throw new NotImplementedException();
}
