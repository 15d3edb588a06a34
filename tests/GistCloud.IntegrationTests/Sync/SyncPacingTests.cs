using System.Diagnostics;

namespace GistCloud.IntegrationTests.Sync;

public class SyncPacingTests
{
    [Fact]
    public async Task GitHub_requests_are_paced_to_the_configured_rate()
    {
        // 120 a minute = 2 a second with bursts one second deep. 6 users without gists cost 12 requests (the empty
        // listing and the profile check that tells "no gists" from "user gone"): they cannot all go out in under ~5 s.
        await using var harness = await SyncHarness.StartAsync(new() { ["GitHub:MaxRequestsPerMinute"] = "120" });
        for (var i = 0; i < 6; i++)
        {
            await harness.TrackAsync($"paced{i}");
        }

        var clock = Stopwatch.StartNew();
        var run = await harness.RunAsync();
        clock.Stop();

        // A lower bound only: pacing can make a run slower, never faster, so this cannot flake on a busy machine.
        Assert.Equal(12, run.Figures.GitHubRequests);
        Assert.Equal(12, harness.GitHub.TotalRequests);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4), $"12 requests at 2/s went out within {clock.Elapsed}");
    }
}
