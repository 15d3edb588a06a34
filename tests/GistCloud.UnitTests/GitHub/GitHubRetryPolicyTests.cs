using System.Net;
using GistCloud.Core.GitHub;
using Polly;
using Polly.Timeout;

namespace GistCloud.UnitTests.GitHub;

public sealed class GitHubRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(408, true)]
    [InlineData(404, false)]
    [InlineData(401, false)]
    [InlineData(422, false)]
    [InlineData(200, false)]
    public void Server_errors_and_request_timeouts_are_retried_client_errors_are_not(int status, bool retried)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(retried, GitHubResilience.ShouldRetry(response, MaxDelay, Now));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public void An_exhausted_primary_limit_is_never_retried(int status)
    {
        using var response = Response(status, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1735736400"), ("retry-after", "5"));

        Assert.False(GitHubResilience.ShouldRetry(response, MaxDelay, Now));
    }

    [Theory]
    [InlineData(403, "5", true)]
    [InlineData(429, "30", true)]
    [InlineData(429, "31", false)]
    [InlineData(403, null, false)]
    public void A_secondary_limit_is_retried_only_when_retry_after_fits_MaxRetryDelay(int status, string? retryAfter, bool retried)
    {
        using var response = retryAfter is null
            ? Response(status, ("x-ratelimit-remaining", "4000"))
            : Response(status, ("x-ratelimit-remaining", "4000"), ("retry-after", retryAfter));

        Assert.Equal(retried, GitHubResilience.ShouldRetry(response, MaxDelay, Now));
    }

    [Fact]
    public void A_5xx_asking_for_a_longer_wait_than_MaxRetryDelay_is_not_retried()
    {
        using var response = Response(503, ("retry-after", "3600"));

        Assert.False(GitHubResilience.ShouldRetry(response, MaxDelay, Now));
    }

    [Fact]
    public void Transport_failures_and_attempt_timeouts_are_retried_other_exceptions_are_not()
    {
        Assert.True(GitHubResilience.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset")), MaxDelay, Now));
        Assert.True(GitHubResilience.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException()), MaxDelay, Now));
        Assert.False(GitHubResilience.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException()), MaxDelay, Now));
    }

    private static HttpResponseMessage Response(int status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
