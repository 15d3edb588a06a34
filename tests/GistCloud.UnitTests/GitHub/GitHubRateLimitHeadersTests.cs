using GistCloud.Core.GitHub;

namespace GistCloud.UnitTests.GitHub;

public sealed class GitHubRateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_rate_limit_is_read_from_the_three_headers_in_any_case()
    {
        var headers = GitHubRateLimitHeaders.From(new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "5000",
            ["x-ratelimit-remaining"] = "4321",
            ["X-RATELIMIT-RESET"] = "1735736400",
        });

        Assert.Equal(new GitHubRateLimit(5000, 4321, DateTimeOffset.FromUnixTimeSeconds(1735736400)), headers.RateLimit);
        Assert.False(headers.IsPrimaryLimitExhausted);
    }

    [Fact]
    public void A_missing_header_means_no_rate_limit_rather_than_zeros()
    {
        var headers = GitHubRateLimitHeaders.From(new Dictionary<string, string> { ["x-ratelimit-limit"] = "60" });

        Assert.Null(headers.RateLimit);
        Assert.False(headers.IsPrimaryLimitExhausted);
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData("Wed, 01 Jan 2025 12:01:30 GMT", 90)]
    [InlineData("Wed, 01 Jan 2025 11:00:00 GMT", 0)]
    public void Retry_after_is_read_as_seconds_or_as_an_http_date(string value, int seconds)
    {
        var headers = GitHubRateLimitHeaders.From(new Dictionary<string, string> { ["retry-after"] = value });

        Assert.Equal(TimeSpan.FromSeconds(seconds), headers.RetryAfter(Now));
    }

    [Fact]
    public void A_garbled_retry_after_is_ignored()
    {
        Assert.Null(GitHubRateLimitHeaders.From(new Dictionary<string, string> { ["retry-after"] = "soon" }).RetryAfter(Now));
    }
}
