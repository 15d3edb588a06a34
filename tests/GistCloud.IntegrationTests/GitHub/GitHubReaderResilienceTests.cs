using System.Diagnostics;
using GistCloud.Core.GitHub;

namespace GistCloud.IntegrationTests.GitHub;

public sealed class GitHubReaderResilienceTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1); // the smallest GitHubOptions allows
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task Two_502s_then_200_succeeds_after_3_requests()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(maxRetries: 3);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.AddGist("octocat");
        harness.GitHub.FailNext("octocat", count: 2, statusCode: 502);

        var result = await harness.Reader.ListGistsAsync(GitHubReaderHarness.User("octocat"), new(), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        Assert.Single(result.Value!.Gists);
        Assert.Equal(3, result.Value.Requests.Made);
        Assert.Equal([502, 502, 200], harness.GitHub.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_5xx_that_never_ends_is_Unavailable_after_MaxRetries_plus_one_attempts()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(maxRetries: 2);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.FailNext("octocat", count: 100, statusCode: 503);

        var result = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);

        Assert.Equal(GitHubFailureKind.Unavailable, result.Failure?.Kind);
        Assert.Contains("503", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal([503, 503, 503], harness.GitHub.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task An_attempt_slower_than_AttemptTimeout_is_abandoned_and_retried()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(attemptTimeout: AttemptTimeout);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.DelayNext("octocat", SlowAnswer);

        var clock = Stopwatch.StartNew();
        var result = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        Assert.InRange(clock.Elapsed, AttemptTimeout, SlowAnswer); // gave up on the slow answer, did not wait for it
        Assert.Equal(2, harness.GitHub.ReceivedRequests);
        await WaitUntil(() => harness.GitHub.TotalRequests == 2); // the slow one is logged when it ends
        Assert.Equal(200, harness.GitHub.Requests[1].StatusCode);
    }

    [Fact]
    public async Task Attempts_that_all_time_out_are_Unavailable()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(maxRetries: 1, attemptTimeout: AttemptTimeout);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.DelayNext("octocat", SlowAnswer, count: 2);

        var result = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);

        Assert.Equal(GitHubFailureKind.Unavailable, result.Failure?.Kind);
        Assert.Contains("in time", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.GitHub.ReceivedRequests);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task A_secondary_limit_with_retry_after_is_waited_out_and_retried(int status)
    {
        await using var harness = await GitHubReaderHarness.StartAsync();
        harness.GitHub.AddUser("octocat");
        harness.GitHub.RespondRetryAfter("octocat", TimeSpan.FromSeconds(1), statusCode: status);

        var clock = Stopwatch.StartNew();
        var result = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}, not after retry-after");
        Assert.Equal([status, 200], harness.GitHub.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_retry_after_longer_than_MaxRetryDelay_is_RateLimited_at_once()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(maxRetryDelay: TimeSpan.FromSeconds(2));
        harness.GitHub.AddUser("octocat");
        harness.GitHub.RespondRetryAfter("octocat", TimeSpan.FromSeconds(120), count: 5);

        var before = DateTimeOffset.UtcNow;
        var result = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);

        Assert.Equal(GitHubFailureKind.RateLimited, result.Failure?.Kind);
        Assert.InRange(result.Failure!.RetryAt!.Value, before.AddSeconds(119), DateTimeOffset.UtcNow.AddSeconds(121));
        Assert.Equal(1, harness.GitHub.TotalRequests);
    }

    [Fact]
    public async Task A_call_cancelled_by_the_caller_throws_and_is_not_retried()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(attemptTimeout: AttemptTimeout);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.DelayNext("octocat", SlowAnswer);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), cancellation.Token));

        await WaitUntil(() => harness.GitHub.TotalRequests == 1); // the held request ends
        Assert.Equal(1, harness.GitHub.ReceivedRequests);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 5 s");
            await Task.Delay(20);
        }
    }
}
