using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Sync;

public class SyncLeaseTests
{
    [Fact]
    public async Task Two_concurrent_triggers_make_one_run_and_the_other_is_answered_skipped()
    {
        var clock = new TestClock();
        await using var harness = await SyncHarness.StartAsync(clock: clock);
        for (var i = 0; i < 4; i++)
        {
            await harness.TrackAsync($"twice{i}", gists: 2);
        }

        var hold = TimeSpan.FromMilliseconds(300);
        harness.GitHub.DelayNext("twice0", hold); // the fake holds it until the test moves the clock: the first run stays busy

        var triggers = new[] { harness.RunAsync(), harness.RunAsync() };
        var skipped = await await Task.WhenAny(triggers);
        await clock.WaitForTimerAsync(hold); // the running one is held by the fake GitHub
        clock.Advance(hold);
        var runs = await Task.WhenAll(triggers);

        Assert.Equal(SyncRunOutcome.Skipped, skipped.Outcome);
        Assert.Single(runs, r => r.Outcome == SyncRunOutcome.Completed);
        Assert.Single(runs, r => r.Outcome == SyncRunOutcome.Skipped);
        Assert.Contains("holds the sync lease", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(8, harness.Pipedrive.Data.Activities.Count);
        Assert.Equal(8, runs.Sum(r => r.Figures.GistsStored));
        Assert.Equal(4, harness.GitHub.Requests.Count(r => r.Path.EndsWith("/gists", StringComparison.Ordinal) && !r.Query.ContainsKey("since")));
    }

    [Fact]
    public async Task A_lease_left_by_a_crashed_run_blocks_until_it_expires()
    {
        var clock = new TestClock();
        await using var harness = await SyncHarness.StartAsync(clock: clock);
        await harness.TrackAsync("after-crash", gists: 1);
        var lease = harness.Services.GetRequiredService<SyncLease>();
        Assert.True((await lease.TryAcquireAsync("crashed-run", TimeSpan.FromSeconds(2), default)).Acquired);

        var blocked = await harness.RunAsync();
        clock.Advance(TimeSpan.FromSeconds(1.9));
        var stillBlocked = await harness.RunAsync();
        clock.Advance(TimeSpan.FromSeconds(0.2)); // now past the crashed run's lease
        var after = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Skipped, blocked.Outcome);
        Assert.Contains("crashed-run", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(SyncRunOutcome.Skipped, stillBlocked.Outcome);
        Assert.Equal(SyncRunOutcome.Completed, after.Outcome);
        Assert.Equal(1, after.Figures.GistsStored);
    }

    [Fact]
    public async Task A_long_run_renews_its_lease_so_no_other_run_starts_meanwhile()
    {
        var clock = new TestClock();
        var duration = TimeSpan.FromSeconds(1.5);
        // The attempt timeout is longer than the clock moves here: the held listings must not time out meanwhile.
        await using var harness = await SyncHarness.StartAsync(
            new() { ["Sync:LeaseDuration"] = "00:00:01.500", ["Sync:Concurrency"] = "1", ["GitHub:AttemptTimeout"] = "00:00:30" },
            clock);
        await harness.TrackAsync("slow-a", gists: 1);
        await harness.TrackAsync("slow-b", gists: 1);
        var slow = TimeSpan.FromSeconds(20); // held until the test has seen the renewals
        harness.GitHub.DelayNext("slow-a", slow);
        harness.GitHub.DelayNext("slow-b", slow);
        var lease = harness.Services.GetRequiredService<SyncLease>();

        var first = harness.RunAsync();
        await clock.WaitForTimerAsync(slow); // the run is busy: its first user's listing is held by the fake GitHub
        var holder = (await lease.TryAcquireAsync("observer", duration, default)).Holder;

        // Each third of the duration a renewal is due; move there and wait until it landed, past the first duration.
        for (var step = 1; step <= 4; step++)
        {
            clock.Advance(duration / 3);
            var renewedUntil = clock.GetUtcNow() + duration;
            await TestClock.WaitUntilAsync(
                async () => (await lease.TryAcquireAsync("observer", duration, default)) is { Acquired: false } held && held.ExpiresAt == renewedUntil,
                $"renewal {step} of the run's lease");
        }

        Assert.True(clock.Elapsed > duration); // past the lease's first duration: only renewal keeps it
        var second = await harness.RunAsync();
        Assert.Equal(SyncRunOutcome.Skipped, second.Outcome);
        Assert.Contains(holder, second.Message, StringComparison.Ordinal);

        clock.Advance(slow); // the held listings answer
        await clock.WaitForTimerAsync(slow); // the second user's listing is held in turn
        clock.Advance(slow);
        Assert.Equal(SyncRunOutcome.Completed, (await first).Outcome);
    }

    [Fact]
    public async Task A_run_that_reaches_its_maximum_duration_stops_early_recorded_and_releases_the_lease()
    {
        var clock = new TestClock();
        await using var harness = await SyncHarness.StartAsync(new() { ["Sync:MaxRunDuration"] = "00:00:01", ["Sync:Concurrency"] = "1" }, clock);
        await harness.TrackAsync("quick", gists: 1);
        await harness.TrackAsync("stuck", gists: 1);
        var stuck = TimeSpan.FromSeconds(5);
        harness.GitHub.DelayNext("stuck", stuck);

        var running = harness.RunAsync();
        await clock.WaitForTimerAsync(stuck); // the run is blocked on the stuck user's listing
        clock.Advance(TimeSpan.FromSeconds(1)); // Sync:MaxRunDuration, well before the listing (or its 2 s timeout) would end
        var run = await running;

        Assert.Equal(SyncRunOutcome.StoppedEarly, run.Outcome);
        Assert.Contains("Sync:MaxRunDuration", run.Message, StringComparison.Ordinal);
        Assert.Equal(SyncRunOutcome.StoppedEarly, (await harness.Runs.FindAsync(run.RunId, default))!.Outcome);
        var lease = harness.Services.GetRequiredService<SyncLease>();
        Assert.True((await lease.TryAcquireAsync("next-run", TimeSpan.FromSeconds(5), default)).Acquired);
    }
}
