using GistCloud.Core.GitHub;
using GistCloud.IntegrationTests.Infrastructure;

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
        var clock = new TestClock();
        await using var harness = await GitHubReaderHarness.StartAsync(attemptTimeout: AttemptTimeout, clock: clock);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.DelayNext("octocat", SlowAnswer);

        var call = harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);
        await clock.WaitForTimerAsync(SlowAnswer); // the fake holds the first attempt
        clock.Advance(AttemptTimeout);
        var result = await clock.AdvanceUntilAsync(call, maxStep: TimeSpan.FromMilliseconds(100)); // the retry's backoff

        Assert.True(result.IsSuccess, result.Failure?.Message);
        Assert.InRange(clock.Elapsed, AttemptTimeout, SlowAnswer - TimeSpan.FromTicks(1)); // gave up on the slow answer, did not wait for it
        Assert.Equal(2, harness.GitHub.ReceivedRequests);
        await TestClock.WaitUntilAsync(() => harness.GitHub.TotalRequests == 2, "the abandoned request logged"); // when the fake notices
        Assert.Equal([499, 200], harness.GitHub.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Attempts_that_all_time_out_are_Unavailable()
    {
        var clock = new TestClock();
        await using var harness = await GitHubReaderHarness.StartAsync(maxRetries: 1, attemptTimeout: AttemptTimeout, clock: clock);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.DelayNext("octocat", SlowAnswer, count: 2);

        var call = harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await clock.WaitForTimerAsync(SlowAnswer); // the fake holds this attempt
            clock.Advance(AttemptTimeout);
            await clock.AdvanceUntilAsync(() => call.IsCompleted || clock.Pending.Contains(SlowAnswer), maxStep: TimeSpan.FromMilliseconds(100)); // the backoff
        }

        var result = await call;
        Assert.Equal(GitHubFailureKind.Unavailable, result.Failure?.Kind);
        Assert.Contains("in time", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.GitHub.ReceivedRequests);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task A_secondary_limit_with_retry_after_is_waited_out_and_retried(int status)
    {
        var clock = new TestClock();
        await using var harness = await GitHubReaderHarness.StartAsync(clock: clock);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.RespondRetryAfter("octocat", TimeSpan.FromSeconds(1), statusCode: status);

        var call = harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);
        var wait = await clock.WaitForTimersAsync(t => t <= TimeSpan.FromSeconds(3), 1, "the retry's wait"); // MaxRetryDelay
        Assert.Equal([status], harness.GitHub.Requests.Select(r => r.StatusCode)); // no retry while it waits
        clock.Advance(wait);
        var result = await call;

        Assert.True(result.IsSuccess, result.Failure?.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), wait); // retry-after, not the backoff
        Assert.Equal([status, 200], harness.GitHub.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_retry_after_longer_than_MaxRetryDelay_is_RateLimited_at_once()
    {
        var clock = new TestClock();
        await using var harness = await GitHubReaderHarness.StartAsync(maxRetryDelay: TimeSpan.FromSeconds(2), clock: clock);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.RespondRetryAfter("octocat", TimeSpan.FromSeconds(120), count: 5);

        // The clock never moves: a result at all means nothing was waited.
        var result = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None)
            .WaitAsync(TestClock.SafetyCap); // a wait on the clock would fail here instead of hanging

        Assert.Equal(GitHubFailureKind.RateLimited, result.Failure?.Kind);
        Assert.Equal(clock.GetUtcNow().AddSeconds(120), result.Failure!.RetryAt);
        Assert.Equal(1, harness.GitHub.TotalRequests);
    }

    [Fact]
    public async Task A_call_cancelled_by_the_caller_throws_and_is_not_retried()
    {
        var clock = new TestClock();
        await using var harness = await GitHubReaderHarness.StartAsync(attemptTimeout: AttemptTimeout, clock: clock);
        harness.GitHub.AddUser("octocat");
        harness.GitHub.DelayNext("octocat", SlowAnswer);
        using var cancellation = new CancellationTokenSource();

        var call = harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), cancellation.Token);
        await clock.WaitForTimerAsync(SlowAnswer); // in flight, held by the fake; the clock stands still, so no timeout fires
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await TestClock.WaitUntilAsync(() => harness.GitHub.TotalRequests == 1, "the held request ends");
        Assert.Equal(1, harness.GitHub.ReceivedRequests);
    }
}
