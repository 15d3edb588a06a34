using System.Net;
using GistCloud.Core.GitHub;
using Octokit;
using Polly.Timeout;

namespace GistCloud.UnitTests.GitHub;

public sealed class GitHubFailuresTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NotFound_is_NotFound()
    {
        var failure = Map(new NotFoundException(Response(404)));

        Assert.Equal(GitHubFailureKind.NotFound, failure?.Kind);
        Assert.Equal("GitHub has no user 'octocat'.", failure?.Message);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public void An_exhausted_primary_limit_is_RateLimited_until_x_ratelimit_reset(int status)
    {
        var response = Response(status, ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "1735736400"));
        var exception = status == 403 ? new RateLimitExceededException(response) : new ApiException(response);

        var failure = Map(exception);

        Assert.Equal(GitHubFailureKind.RateLimited, failure?.Kind);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1735736400), failure?.RetryAt);
        Assert.Contains("2025-01-01 13:00:00 UTC", failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secondary_limit_with_retry_after_is_RateLimited_for_that_long()
    {
        var failure = Map(new SecondaryRateLimitExceededException(Response(403, ("Retry-After", "120"))));

        Assert.Equal((GitHubFailureKind.RateLimited, Now.AddSeconds(120)), (failure?.Kind, failure?.RetryAt));
    }

    [Fact]
    public void A_bare_429_or_secondary_limit_waits_the_minute_GitHub_advises()
    {
        Assert.Equal(Now.AddMinutes(1), Map(new ApiException(Response(429)))?.RetryAt);
        Assert.Equal(Now.AddMinutes(1), Map(new SecondaryRateLimitExceededException(Response(403)))?.RetryAt);
    }

    [Fact]
    public void A_plain_403_is_Unavailable_not_RateLimited()
    {
        Assert.Equal(GitHubFailureKind.Unavailable, Map(new ForbiddenException(Response(403)))?.Kind);
    }

    [Fact]
    public void Server_errors_timeouts_and_transport_failures_are_Unavailable()
    {
        Assert.Equal("GitHub answered HTTP 502 for 'octocat'.", Map(new ApiException(Response(502)))?.Message);
        Assert.Equal(GitHubFailureKind.Unavailable, Map(new TimeoutRejectedException())?.Kind);
        Assert.Equal(GitHubFailureKind.Unavailable, Map(new TaskCanceledException())?.Kind);
        Assert.Equal(GitHubFailureKind.Unavailable, Map(new HttpRequestException("Connection refused (api.github.com:443)"))?.Kind);
    }

    [Fact]
    public void A_cancellation_by_the_caller_and_unexpected_exceptions_are_not_mapped()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Null(GitHubFailures.From(new TaskCanceledException(), "octocat", Now, cancelled.Token));
        Assert.Null(Map(new InvalidOperationException("bug")));
    }

    private static GitHubFailure? Map(Exception exception) => GitHubFailures.From(exception, "octocat", Now, CancellationToken.None);

    private static StubResponse Response(int status, params (string Name, string Value)[] headers) =>
        new((HttpStatusCode)status, headers.ToDictionary(h => h.Name, h => h.Value));

    /// <summary>Octokit's own Response type is internal; its exceptions take any IResponse.</summary>
    private sealed class StubResponse(HttpStatusCode status, Dictionary<string, string> headers) : IResponse
    {
        public object Body => "{\"message\":\"x\"}";

        public IReadOnlyDictionary<string, string> Headers => headers;

        public ApiInfo ApiInfo => new(new Dictionary<string, Uri>(), [], [], "", new RateLimit(headers));

        public HttpStatusCode StatusCode => status;

        public string ContentType => "application/json";
    }
}
