using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.IntegrationTests.Infrastructure;

namespace GistCloud.IntegrationTests.Sync;

/// <summary>Faults on either side: nothing lost, nothing duplicated, and the run says what happened.</summary>
public class SyncFaultTests
{
    [Fact]
    public async Task GitHub_failing_for_one_user_leaves_the_others_synced_and_is_reported()
    {
        await using var harness = await SyncHarness.StartAsync();
        var fine = await harness.TrackAsync("fine", gists: 2);
        var broken = await harness.TrackAsync("broken", gists: 2);
        harness.GitHub.FailNext("broken", count: 100, statusCode: 502);

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, run.Outcome);
        Assert.Equal(2, run.Figures.GistsStored);
        var error = Assert.Single(run.Errors);
        Assert.Equal(broken, error.Username);
        Assert.Equal(2, (await harness.StoredGistsAsync(fine)).Count);
        Assert.Empty(await harness.StoredGistsAsync(broken));
        var brokenUser = await harness.Users.FindAsync(broken, default);
        Assert.Equal(UserStatus.Error, brokenUser!.Status);
        Assert.False(string.IsNullOrEmpty(brokenUser.LastError));

        harness.GitHub.Faults.Clear();
        var next = await harness.RunAsync();
        Assert.Equal(2, next.Figures.GistsStored);
        Assert.Equal(UserStatus.Ok, (await harness.Users.FindAsync(broken, default))!.Status);
    }

    [Fact]
    public async Task GitHub_timeouts_for_one_user_are_reported_and_do_not_stop_the_run()
    {
        var clock = new TestClock();
        await using var harness = await SyncHarness.StartAsync(clock: clock);
        var prompt = await harness.TrackAsync("prompt", gists: 1);
        var slow = await harness.TrackAsync("slow", gists: 1);
        var held = TimeSpan.FromSeconds(20); // longer than the clock moves here: the fake never answers in time
        harness.GitHub.DelayNext("slow", held, count: 10);

        var running = harness.RunAsync();

        // The prompt user is done (its gist published: no request of its own is left to time out) and the slow
        // user's listing is held: only then do its attempts time out, one GitHub:AttemptTimeout (2 s) each.
        await TestClock.WaitUntilAsync(
            async () => (await harness.StoredGistsAsync(prompt)) is [{ Pipedrive.Status: PublishStatus.Published }],
            "the prompt user synced and published");
        for (var attempt = 1; attempt <= 2; attempt++) // GitHub:MaxRetries is 1
        {
            await clock.WaitForTimerAsync(held);
            clock.Advance(TimeSpan.FromSeconds(2));
            await clock.AdvanceUntilAsync(() => running.IsCompleted || clock.Pending.Contains(held), maxStep: TimeSpan.FromMilliseconds(100)); // the retry's backoff
        }

        var run = await running;
        Assert.Equal(SyncRunOutcome.Completed, run.Outcome);
        Assert.Equal(1, run.Figures.GistsStored);
        Assert.Equal(slow, Assert.Single(run.Errors).Username);
    }

    [Fact]
    public async Task Exhausting_the_github_rate_limit_stops_the_run_early_and_keeps_its_work()
    {
        await using var harness = await SyncHarness.StartAsync(new() { ["Sync:Concurrency"] = "1" });
        for (var i = 0; i < 6; i++)
        {
            await harness.TrackAsync($"limited{i}", gists: 1);
        }

        // Two listings per changed user (the second learns the new URL's ETag): 3 users fit in 6 requests.
        harness.GitHub.SetRateLimitRemaining(6, token: SyncHarness.GitHubToken);

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.StoppedEarly, run.Outcome);
        Assert.Contains("rate limit", run.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, run.Figures.GistsStored);
        Assert.Equal(0, run.Figures.RateLimitRemaining);
        var stored = 0;
        for (var i = 0; i < 6; i++)
        {
            stored += (await harness.StoredGistsAsync(GitHubUsername.Parse($"limited{i}"))).Count;
        }

        Assert.Equal(3, stored);
        Assert.InRange(harness.GitHub.TotalRequests, 7, 8); // the 6 allowed and the refused one(s): no retry storm
    }

    [Fact]
    public async Task A_user_github_no_longer_knows_is_marked_and_not_asked_again_next_run()
    {
        await using var harness = await SyncHarness.StartAsync();
        var gone = await harness.TrackAsync("gone", gists: 1);
        await harness.RunAsync();
        harness.GitHub.RemoveUser("gone");

        var run = await harness.RunAsync();
        harness.GitHub.Log.Clear();
        var after = await harness.RunAsync();

        Assert.Equal(gone, Assert.Single(run.Errors).Username);
        var user = await harness.Users.FindAsync(gone, default);
        Assert.Equal(UserStatus.NotFound, user!.Status);
        Assert.Single(await harness.StoredGistsAsync(gone)); // what was stored stays
        Assert.Empty(harness.GitHub.Requests);
        Assert.Equal(0, after.Figures.UsersChecked);
    }

    [Fact]
    public async Task Pipedrive_429_is_retried_after_retry_after_and_the_gist_published_once()
    {
        var clock = new TestClock();
        await using var harness = await SyncHarness.StartAsync(clock: clock);
        var user = await harness.TrackAsync("throttled", gists: 1);
        harness.Pipedrive.RespondTooManyRequests(1, retryAfter: TimeSpan.FromSeconds(1), pathPrefix: "/api/v2/activities");

        // The retry's wait (1 s, what retry-after says) is the only timer this short: the clock moves to it, and
        // nothing else moves it, so the retry cannot go out before it.
        var run = await clock.AdvanceUntilAsync(harness.RunAsync(), maxStep: TimeSpan.FromSeconds(1));

        Assert.Equal(1, run.Figures.GistsPublished);
        var posts = harness.Pipedrive.Requests.Where(r => r.Is("POST", "/api/v2/activities")).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(429, posts[0].StatusCode);
        Assert.InRange(posts[1].StatusCode, 200, 201);
        Assert.True(posts[1].At - posts[0].At >= TimeSpan.FromSeconds(1), $"retried after {posts[1].At - posts[0].At}");
        Assert.Single(harness.Pipedrive.Data.Activities);
        Assert.Equal(PublishStatus.Published, Assert.Single(await harness.StoredGistsAsync(user)).Pipedrive.Status);
    }

    [Fact]
    public async Task Repeated_pipedrive_failures_mark_the_gist_failed_and_the_next_run_retries_it()
    {
        await using var harness = await SyncHarness.StartAsync();
        var user = await harness.TrackAsync("unlucky", gists: 1);
        harness.Pipedrive.FailNext(count: 100, statusCode: 503, pathPrefix: "/api/v2/activities");

        var first = await harness.RunAsync();

        Assert.Equal(1, first.Figures.GistsFailed);
        var failed = Assert.Single(await harness.StoredGistsAsync(user));
        Assert.Equal(PublishStatus.Failed, failed.Pipedrive.Status);
        Assert.Equal(1, failed.Pipedrive.Attempts);
        Assert.False(string.IsNullOrEmpty(failed.Pipedrive.LastError));
        Assert.Empty(harness.Pipedrive.Data.Activities);

        harness.Pipedrive.Faults.Clear();
        var second = await harness.RunAsync();

        Assert.Equal(1, second.Figures.GistsPublished);
        var published = Assert.Single(await harness.StoredGistsAsync(user));
        Assert.Equal(PublishStatus.Published, published.Pipedrive.Status);
        Assert.Single(harness.Pipedrive.Data.Activities);
    }

    [Fact]
    public async Task A_gist_that_fails_every_attempt_ends_failed_and_leaves_the_outbox()
    {
        await using var harness = await SyncHarness.StartAsync(new() { ["Pipedrive:MaxAttempts"] = "2" });
        var user = await harness.TrackAsync("hopeless", gists: 1);
        harness.Pipedrive.FailNext(count: 1000, statusCode: 400, pathPrefix: "/api/v2/activities");

        await harness.RunAsync();
        await harness.RunAsync();
        harness.Pipedrive.Log.Clear();
        var third = await harness.RunAsync();

        var gist = Assert.Single(await harness.StoredGistsAsync(user));
        Assert.Equal(PublishStatus.Failed, gist.Pipedrive.Status);
        Assert.Equal(2, gist.Pipedrive.Attempts);
        Assert.Equal(0, third.Figures.GistsFailed);
        Assert.DoesNotContain(harness.Pipedrive.Requests, r => r.Path.StartsWith("/api/v2/activities", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lost_pipedrive_answer_after_the_create_causes_no_duplicate()
    {
        await using var harness = await SyncHarness.StartAsync();
        var user = await harness.TrackAsync("lost-answer", gists: 1);
        harness.Pipedrive.FailAfterCreate(1, pathPrefix: "/api/v2/activities");

        await harness.RunAsync();
        Assert.Single(harness.Pipedrive.Data.Activities);
        var second = await harness.RunAsync();

        Assert.Single(harness.Pipedrive.Data.Activities);
        var gist = Assert.Single(await harness.StoredGistsAsync(user));
        Assert.Equal(PublishStatus.Published, gist.Pipedrive.Status);
        Assert.Equal(harness.Pipedrive.Data.Activities[0].Id, gist.Pipedrive.ItemId);
        Assert.Equal(1, second.Figures.GistsPublished);
    }

    [Fact]
    public async Task A_crash_after_the_pipedrive_create_before_the_store_update_causes_no_duplicate()
    {
        await using var harness = await SyncHarness.StartAsync(new() { ["Sync:Concurrency"] = "1" });
        var user = await harness.TrackAsync("crasher", gists: 1);
        using var crash = new CancellationTokenSource();
        var runEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Pipedrive.Faults.AfterCreate = async path =>
        {
            if (path.StartsWith("/api/v2/activities", StringComparison.Ordinal))
            {
                harness.Pipedrive.Faults.AfterCreate = null;
                await crash.CancelAsync(); // the process "dies" right after Pipedrive stored the activity
                await runEnded.Task.WaitAsync(TestClock.SafetyCap); // the answer goes out only once the run has given up on it
            }
        };

        var crashed = await harness.RunAsync(crash.Token);
        runEnded.SetResult();

        Assert.Equal(SyncRunOutcome.Failed, crashed.Outcome);
        Assert.Single(harness.Pipedrive.Data.Activities);
        var pending = Assert.Single(await harness.StoredGistsAsync(user));
        Assert.NotEqual(PublishStatus.Published, pending.Pipedrive.Status);
        Assert.True(pending.Pipedrive.OutcomeUncertain);

        var next = await harness.RunAsync();

        Assert.Single(harness.Pipedrive.Data.Activities);
        var gist = Assert.Single(await harness.StoredGistsAsync(user));
        Assert.Equal(PublishStatus.Published, gist.Pipedrive.Status);
        Assert.Equal(harness.Pipedrive.Data.Activities[0].Id, gist.Pipedrive.ItemId);
        Assert.Equal(1, next.Figures.GistsPublished);
    }
}
