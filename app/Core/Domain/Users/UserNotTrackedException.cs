namespace GistCloud.Core.Domain.Users;

/// <summary>A write for a user who is not tracked (never was, or was removed meanwhile): a race, not a bug.</summary>
public sealed class UserNotTrackedException(GitHubUsername username, string message) : InvalidOperationException(message)
{
    public GitHubUsername Username { get; } = username;
}
