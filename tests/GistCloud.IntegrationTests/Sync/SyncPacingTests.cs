using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.GitHub;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Sync;

public class SyncPacingTests
{
    [Fact]
    public async Task GitHub_requests_are_paced_to_the_configured_rate()
    {
        // 120 a minute = 2 a second with bursts one second deep. 6 users without gists cost 12 requests (the empty
        // listing and the profile check that tells "no gists" from "user gone"): they need at least 5 refills after
        // the first 2. The clock moves only a second at a time, and only once requests wait for their turn; attempts
        // get a timeout longer than the whole run so none of them is cut short by those moves.
        var clock = new TestClock();
        await using var harness = await SyncHarness.StartAsync(
            new() { ["GitHub:MaxRequestsPerMinute"] = "120", ["GitHub:AttemptTimeout"] = "00:00:30" },
            clock);
        for (var i = 0; i < 6; i++)
        {
            await harness.TrackAsync($"paced{i}");
        }

        var limiter = harness.Services.GetRequiredService<GitHubRequestPacer>().Limiter!;
        var run = harness.RunAsync();
        var seconds = 0;
        while (true)
        {
            await TestClock.WaitUntilAsync(() => run.IsCompleted || limiter.GetStatistics()!.CurrentQueuedCount > 0, "a request waiting for its turn");
            Assert.InRange(harness.GitHub.ReceivedRequests, 0, 2 * (seconds + 1)); // never more than the burst and a second's share per second
            if (run.IsCompleted)
            {
                break;
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            seconds++;
        }

        var finished = await run;
        Assert.True(finished.Outcome == SyncRunOutcome.Completed, $"{finished.Outcome}: {finished.Message} {string.Join("; ", finished.Errors)}");
        Assert.Equal(12, finished.Figures.GitHubRequests);
        Assert.Equal(12, harness.GitHub.TotalRequests);
        Assert.True(seconds >= 5, $"12 requests at 2/s went out within {seconds} s of the clock");
    }
}
