using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Storage.SyncRuns;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Sync;

public class SyncLeaseTests
{
    [Fact]
    public async Task Two_concurrent_triggers_make_one_run_and_the_other_is_answered_skipped()
    {
        await using var harness = await SyncHarness.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            await harness.TrackAsync($"twice{i}", gists: 2);
        }

        harness.GitHub.DelayNext("twice0", TimeSpan.FromMilliseconds(300)); // keep the first run busy a moment

        var runs = await Task.WhenAll(harness.RunAsync(), harness.RunAsync());

        Assert.Single(runs, r => r.Outcome == SyncRunOutcome.Completed);
        var skipped = Assert.Single(runs, r => r.Outcome == SyncRunOutcome.Skipped);
        Assert.Contains("holds the sync lease", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(8, harness.Pipedrive.Data.Activities.Count);
        Assert.Equal(8, runs.Sum(r => r.Figures.GistsStored));
        Assert.Equal(4, harness.GitHub.Requests.Count(r => r.Path.EndsWith("/gists", StringComparison.Ordinal) && !r.Query.ContainsKey("since")));
    }

    [Fact]
    public async Task A_lease_left_by_a_crashed_run_blocks_until_it_expires()
    {
        await using var harness = await SyncHarness.StartAsync();
        await harness.TrackAsync("after-crash", gists: 1);
        var lease = harness.Services.GetRequiredService<SyncLease>();
        Assert.True((await lease.TryAcquireAsync("crashed-run", TimeSpan.FromSeconds(2), default)).Acquired);

        var blocked = await harness.RunAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var after = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Skipped, blocked.Outcome);
        Assert.Contains("crashed-run", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(SyncRunOutcome.Completed, after.Outcome);
        Assert.Equal(1, after.Figures.GistsStored);
    }

    [Fact]
    public async Task A_long_run_renews_its_lease_so_no_other_run_starts_meanwhile()
    {
        await using var harness = await SyncHarness.StartAsync(new() { ["Sync:LeaseDuration"] = "00:00:01.500", ["Sync:Concurrency"] = "1" });
        await harness.TrackAsync("slow-a", gists: 1);
        await harness.TrackAsync("slow-b", gists: 1);
        harness.GitHub.DelayNext("slow-a", TimeSpan.FromSeconds(1.5));
        harness.GitHub.DelayNext("slow-b", TimeSpan.FromSeconds(1.5));

        var first = harness.RunAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // past the lease's first duration: only renewal keeps it
        var second = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Skipped, second.Outcome);
        Assert.Equal(SyncRunOutcome.Completed, (await first).Outcome);
    }

    [Fact]
    public async Task A_run_that_reaches_its_maximum_duration_stops_early_recorded_and_releases_the_lease()
    {
        await using var harness = await SyncHarness.StartAsync(new() { ["Sync:MaxRunDuration"] = "00:00:01", ["Sync:Concurrency"] = "1" });
        await harness.TrackAsync("quick", gists: 1);
        await harness.TrackAsync("stuck", gists: 1);
        harness.GitHub.DelayNext("stuck", TimeSpan.FromSeconds(5));

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.StoppedEarly, run.Outcome);
        Assert.Contains("Sync:MaxRunDuration", run.Message, StringComparison.Ordinal);
        Assert.Equal(SyncRunOutcome.StoppedEarly, (await harness.Runs.FindAsync(run.RunId, default))!.Outcome);
        var lease = harness.Services.GetRequiredService<SyncLease>();
        Assert.True((await lease.TryAcquireAsync("next-run", TimeSpan.FromSeconds(5), default)).Acquired);
    }
}
