using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;

namespace GistCloud.Core.GitHub;

/// <summary>Reads public GitHub data. Expected outcomes (not found, not modified, rate limited) are results, not exceptions.</summary>
public interface IGitHubReader
{
    /// <summary>Looks a user up (<c>GET /users/{u}</c>): the profile, or a failure of kind NotFound, RateLimited or Unavailable.</summary>
    Task<GitHubResult<GitHubProfile>> FindUserAsync(GitHubUsername username, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the user's public gists (<c>GET /users/{u}/gists?since=&amp;per_page=100</c>), following
    /// <c>Link: rel="next"</c> for at most <see cref="GistListingRequest.MaxPages"/> pages.
    /// With <see cref="GistListingRequest.ETag"/> the first page is a conditional request.
    /// </summary>
    Task<GitHubResult<GistListing>> ListGistsAsync(GitHubUsername username, GistListingRequest request, CancellationToken cancellationToken);
}

public sealed record GitHubProfile(string Login, string? Name, string? AvatarUrl, string? HtmlUrl, int PublicGists);

/// <param name="Since">GitHub's <c>since</c>: only gists updated at or after this time.</param>
/// <param name="ETag">The ETag of the first page from a previous listing of the same URL.</param>
/// <param name="MaxPages">Stop after this many pages (100 gists each); the listing then says it is incomplete.</param>
public sealed record GistListingRequest(DateTimeOffset? Since = null, string? ETag = null, int MaxPages = int.MaxValue);

/// <param name="Gists">The gists read (empty when not modified).</param>
/// <param name="NotModified">GitHub answered 304 to the conditional first page.</param>
/// <param name="IsComplete">Every page was read (false when <see cref="GistListingRequest.MaxPages"/> cut it short).</param>
/// <param name="ETag">The first page's ETag, to send next time.</param>
/// <param name="Requests">HTTP requests made, and how many of them were answered 304.</param>
public sealed record GistListing(
    IReadOnlyList<ListedGist> Gists,
    bool NotModified,
    bool IsComplete,
    string? ETag,
    GitHubRequestCount Requests,
    GitHubRateLimit? RateLimit);

public readonly record struct GitHubRequestCount(int Made, int NotModified);

/// <summary>GitHub's primary rate limit as last reported (<c>x-ratelimit-*</c> headers).</summary>
public sealed record GitHubRateLimit(int Limit, int Remaining, DateTimeOffset ResetsAt);

public enum GitHubFailureKind
{
    /// <summary>GitHub does not know the user (404).</summary>
    NotFound,

    /// <summary>The primary or secondary rate limit is spent; <see cref="GitHubFailure.RetryAt"/> says when to try again.</summary>
    RateLimited,

    /// <summary>GitHub answered 5xx or timed out after the retries, or answered something unexpected.</summary>
    Unavailable,

    /// <summary>
    /// The GraphQL endpoint refused the change probe (401, 403 without a rate limit, 404: e.g. an Enterprise server
    /// without it, or a token it does not take): retrying within the run cannot help, REST still can.
    /// </summary>
    Refused,
}

public sealed record GitHubFailure(GitHubFailureKind Kind, string Message, DateTimeOffset? RetryAt = null)
{
    /// <summary>Requests the failed call made (retries included), so a run's figures count them too.</summary>
    public GitHubRequestCount Requests { get; init; }

    /// <summary>The rate limit as last reported before the failure.</summary>
    public GitHubRateLimit? RateLimit { get; init; }
}

/// <summary>A value or the reason there is none.</summary>
public sealed record GitHubResult<T>(T? Value, GitHubFailure? Failure)
    where T : class
{
    public bool IsSuccess => Failure is null;

    public static GitHubResult<T> Success(T value) => new(value, null);

    public static GitHubResult<T> Failed(GitHubFailureKind kind, string message, DateTimeOffset? retryAt = null) =>
        new(null, new GitHubFailure(kind, message, retryAt));
}
