using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;

namespace GistCloud.Core.Tracking;

/// <summary>What came of asking to track a user.</summary>
public abstract record AddUserOutcome
{
    private AddUserOutcome()
    {
    }

    /// <summary>Now tracked; <see cref="IsComplete"/> is false when only the first pages of gists were stored and the sync will store the rest.</summary>
    public sealed record Added(TrackedUser User, bool IsComplete) : AddUserOutcome;

    public sealed record AlreadyTracked(GitHubUsername Username) : AddUserOutcome;

    public sealed record NotOnGitHub(GitHubUsername Username) : AddUserOutcome;

    /// <summary>GitHub could not be asked (rate limit spent, or unavailable): nothing was stored.</summary>
    public sealed record GitHubUnavailable(GitHubFailure Failure) : AddUserOutcome;
}
