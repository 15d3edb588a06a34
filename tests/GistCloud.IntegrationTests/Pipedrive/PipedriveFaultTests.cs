using System.Globalization;
using GistCloud.Core.Pipedrive;
using GistCloud.Fakes.Pipedrive;
using GistCloud.IntegrationTests.Infrastructure;

namespace GistCloud.IntegrationTests.Pipedrive;

/// <summary>Throttling, 5xx and timeouts: what is retried, how long it waits, and what the caller gets when it gives up.</summary>
public sealed class PipedriveFaultTests
{
    private const string Search = "/api/v2/persons/search";

    // Retry waits run on the fake clock; only waits this short are moved through by AdvanceUntilAsync.
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_then_retried_and_succeeds()
    {
        var clock = new TestClock();
        await using var harness = await PipedriveHarness.StartAsync(clock: clock);
        harness.Pipedrive.RespondTooManyRequests(1, retryAfter: TimeSpan.FromSeconds(1));

        var result = await clock.AdvanceUntilAsync(FindOctocat(harness), MaxRetryDelay);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        var (first, second) = Two(harness.Pipedrive.Log.To("GET", Search));
        Assert.Equal((429, "1", 200), (first.StatusCode, first.ResponseHeaders["retry-after"], second.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(1), second.At - first.At); // the clock moved only through the wait
    }

    [Fact]
    public async Task A_429_with_only_x_ratelimit_reset_waits_until_the_burst_window_resets()
    {
        var clock = new TestClock();
        await using var harness = await PipedriveHarness.StartAsync(clock: clock);
        harness.Pipedrive.RespondTooManyRequests(1, withRateLimitReset: true);

        var result = await clock.AdvanceUntilAsync(FindOctocat(harness), MaxRetryDelay);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        var (first, second) = Two(harness.Pipedrive.Log.To("GET", Search));
        Assert.False(first.ResponseHeaders.ContainsKey("retry-after"));
        Assert.Equal("0", first.ResponseHeaders["x-ratelimit-remaining"]);
        var reset = TimeSpan.FromSeconds(int.Parse(first.ResponseHeaders["x-ratelimit-reset"], CultureInfo.InvariantCulture));
        Assert.InRange(reset, TimeSpan.FromSeconds(1), FakePipedriveBurstLimit.Window);
        Assert.True(second.At - first.At >= reset, $"retried after {(second.At - first.At).TotalMilliseconds} ms, reset was {reset}");
    }

    [Fact]
    public async Task A_429_naming_no_wait_is_retried_with_backoff()
    {
        await using var harness = await PipedriveHarness.StartAsync();
        harness.Pipedrive.RespondTooManyRequests(1);

        var result = await FindOctocat(harness);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        Assert.Equal([429, 200], harness.Pipedrive.Requests.Select(r => r.StatusCode));
        Assert.False(harness.Pipedrive.Requests[0].ResponseHeaders.ContainsKey("x-ratelimit-reset"));
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_MaxRetryDelay_is_not_waited_but_a_RateLimited_failure_saying_when_to_retry()
    {
        var clock = new TestClock();
        await using var harness = await PipedriveHarness.StartAsync(maxRetryDelay: TimeSpan.FromSeconds(2), clock: clock);
        harness.Pipedrive.RespondTooManyRequests(10, retryAfter: TimeSpan.FromHours(5)); // the daily budget is spent

        // The clock never moves: a result at all means nothing was waited (a wait would fail at the cap, not hang).
        var result = await FindOctocat(harness).WaitAsync(TestClock.SafetyCap);

        Assert.Equal(PipedriveFailureKind.RateLimited, result.Failure?.Kind);
        Assert.Equal(clock.GetUtcNow().AddHours(5), result.Failure!.RetryAt);
        Assert.Single(harness.Pipedrive.Requests); // no retry storm
    }

    [Fact]
    public async Task A_429_on_a_creation_is_retried_because_Pipedrive_did_not_act_on_it()
    {
        await using var harness = await PipedriveHarness.StartAsync(activityType: "task");
        var person = harness.SeedPerson();
        harness.Pipedrive.RespondTooManyRequests(1, retryAfter: TimeSpan.Zero, pathPrefix: "/api/v2/activities");

        var result = await harness.Publisher.PublishAsync(PipedriveHarness.Gist(), person, false, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        Assert.Equal([429, 200], harness.Pipedrive.Log.To("POST", "/api/v2/activities").Select(r => r.StatusCode));
        Assert.Single(harness.Pipedrive.Data.Activities);
    }

    [Fact]
    public async Task Two_5xx_answers_to_a_read_are_retried_and_the_third_attempt_succeeds()
    {
        await using var harness = await PipedriveHarness.StartAsync(maxRetries: 2);
        var person = harness.SeedPerson();
        harness.Pipedrive.FailNext(2, statusCode: 503);

        var result = await FindOctocat(harness);

        Assert.Equal(person, result.Value);
        Assert.Equal([503, 503, 200], harness.Pipedrive.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_read_failing_with_5xx_every_time_is_Unavailable_after_MaxRetries_plus_one_attempts()
    {
        await using var harness = await PipedriveHarness.StartAsync(maxRetries: 3);
        harness.Pipedrive.FailNext(100, statusCode: 500);

        var result = await FindOctocat(harness);

        Assert.Equal(PipedriveFailureKind.Unavailable, result.Failure?.Kind);
        Assert.Contains("HTTP 500", result.Failure!.Message, StringComparison.Ordinal);
        Assert.False(result.Failure.MayHaveCreated);
        Assert.Equal(4, harness.Pipedrive.Requests.Count);
    }

    [Fact]
    public async Task A_5xx_answer_to_a_creation_is_not_retried_and_says_the_item_may_exist()
    {
        await using var harness = await PipedriveHarness.StartAsync(activityType: "task");
        var person = harness.SeedPerson();
        harness.Pipedrive.FailNext(1, statusCode: 502, pathPrefix: "/api/v2/activities");

        var result = await harness.Publisher.PublishAsync(PipedriveHarness.Gist(), person, false, CancellationToken.None);

        Assert.Equal(PipedriveFailureKind.Unavailable, result.Failure?.Kind);
        Assert.True(result.Failure!.MayHaveCreated);
        Assert.Single(harness.Pipedrive.Requests);
    }

    [Fact]
    public async Task A_read_that_times_out_is_retried_and_succeeds()
    {
        var clock = new TestClock();
        await using var harness = await PipedriveHarness.StartAsync(attemptTimeout: TimeSpan.FromSeconds(1), clock: clock);
        var person = harness.SeedPerson();
        var slow = TimeSpan.FromSeconds(5);
        harness.Pipedrive.Delay(slow, count: 1, pathPrefix: Search);

        var call = FindOctocat(harness);
        await clock.WaitForTimerAsync(slow); // the fake holds the first attempt
        clock.Advance(TimeSpan.FromSeconds(1)); // its attempt timeout
        var result = await clock.AdvanceUntilAsync(call, TimeSpan.FromMilliseconds(100)); // the retry's backoff

        Assert.Equal(person, result.Value);
        await TestClock.WaitUntilAsync(() => harness.Pipedrive.Requests.Count == 2, "the abandoned request logged"); // when the fake notices
        Assert.Equal([499, 200], harness.Pipedrive.Requests.OrderBy(r => r.At).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_creation_that_times_out_is_not_retried_and_says_the_item_may_exist()
    {
        var clock = new TestClock();
        await using var harness = await PipedriveHarness.StartAsync(activityType: "task", attemptTimeout: TimeSpan.FromSeconds(1), clock: clock);
        var person = harness.SeedPerson();
        var slow = TimeSpan.FromSeconds(5);
        harness.Pipedrive.Delay(slow, count: 1, pathPrefix: "/api/v2/activities");

        var publishing = harness.Publisher.PublishAsync(PipedriveHarness.Gist(), person, false, CancellationToken.None);
        await clock.WaitForTimerAsync(slow); // the fake holds the creation
        clock.Advance(TimeSpan.FromSeconds(1)); // its attempt timeout
        var result = await publishing; // no retry: nothing else moves the clock

        Assert.Equal(PipedriveFailureKind.Unavailable, result.Failure?.Kind);
        Assert.True(result.Failure!.MayHaveCreated);
        await TestClock.WaitUntilAsync(() => harness.Pipedrive.Requests.Count == 1, "the abandoned request logged");
        Assert.Single(harness.Pipedrive.Log.To("POST", "/api/v2/activities"));
    }

    private static Task<PipedriveResult<long?>> FindOctocat(PipedriveHarness harness) =>
        harness.Client.FindPersonAsync(GistPublisher.PersonName(PipedriveHarness.User("octocat")), CancellationToken.None);

    private static (FakePipedriveRequest First, FakePipedriveRequest Second) Two(IReadOnlyList<FakePipedriveRequest> requests)
    {
        Assert.Equal(2, requests.Count);
        return (requests[0], requests[1]);
    }
}
