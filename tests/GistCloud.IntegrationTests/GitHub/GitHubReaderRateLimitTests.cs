using GistCloud.Core.GitHub;

namespace GistCloud.IntegrationTests.GitHub;

public sealed class GitHubReaderRateLimitTests
{
    // Whole seconds: x-ratelimit-reset is a Unix time.
    private static readonly DateTimeOffset ResetAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(42).ToUnixTimeSeconds());

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task An_exhausted_primary_limit_is_RateLimited_until_the_reset_without_retrying(int status)
    {
        await using var harness = await GitHubReaderHarness.StartAsync(token: "ghp_token", maxRetries: 3);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.SetRateLimitRemaining(0, token: "ghp_token", exhaustedStatus: status, resetAt: ResetAt);

        var user = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);
        var gists = await harness.Reader.ListGistsAsync(GitHubReaderHarness.User("octocat"), new(), CancellationToken.None);

        Assert.Equal((GitHubFailureKind.RateLimited, ResetAt), (user.Failure?.Kind, user.Failure?.RetryAt));
        Assert.Equal((GitHubFailureKind.RateLimited, ResetAt), (gists.Failure?.Kind, gists.Failure?.RetryAt));
        Assert.Contains("5000", user.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal([status, status], harness.GitHub.Requests.Select(r => r.StatusCode)); // one request each: no retry storm
        Assert.Equal(0, harness.GitHub.CountedAgainstRateLimit);
    }

    [Fact]
    public async Task The_anonymous_limit_is_spent_after_60_requests_and_then_reported()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(token: null);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.SetRateLimitRemaining(1);

        var last = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);
        var refused = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);

        Assert.True(last.IsSuccess);
        Assert.Equal(GitHubFailureKind.RateLimited, refused.Failure?.Kind);
        Assert.Equal(harness.GitHub.RateLimits.Peek().ResetAt, refused.Failure!.RetryAt);
        Assert.Equal([200, 403], harness.GitHub.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_listing_reports_the_rate_limit_of_its_last_answer()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(token: "ghp_token");
        harness.GitHub.AddUser("octocat");
        harness.AddGists("octocat", 120, DateTimeOffset.UtcNow.AddDays(-1));
        harness.GitHub.SetRateLimitRemaining(100, token: "ghp_token", resetAt: ResetAt);

        var listing = (await harness.Reader.ListGistsAsync(GitHubReaderHarness.User("octocat"), new(), CancellationToken.None)).Value!;

        Assert.Equal(new GitHubRateLimit(5_000, 98, ResetAt), listing.RateLimit);
        Assert.Equal(2, harness.GitHub.CountedAgainstRateLimit);
    }
}
