using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;

namespace GistCloud.IntegrationTests.Sync;

/// <summary>The outbox does not depend on GitHub answering, and an account-wide refusal costs no gist an attempt.</summary>
public class SyncOutboxTests
{
    [Fact]
    public async Task Pending_gists_of_a_user_github_no_longer_knows_are_still_published()
    {
        await using var harness = await SyncHarness.StartAsync();
        var user = await harness.TrackAsync("vanishing", gists: 2);
        harness.Pipedrive.FailNext(count: 100, statusCode: 503, pathPrefix: "/api/v2/activities");
        await harness.RunAsync();
        harness.Pipedrive.Faults.Clear();
        harness.GitHub.RemoveUser("vanishing");

        var run = await harness.RunAsync();

        Assert.Equal(2, run.Figures.GistsPublished);
        Assert.Equal(UserStatus.NotFound, (await harness.Users.FindAsync(user, default))!.Status);
        Assert.All(await harness.StoredGistsAsync(user), g => Assert.Equal(PublishStatus.Published, g.Pipedrive.Status));
        Assert.Equal(2, harness.Pipedrive.Data.Activities.Count);
    }

    [Fact]
    public async Task Pending_gists_are_published_even_when_github_rate_limit_stopped_the_scans()
    {
        await using var harness = await SyncHarness.StartAsync(new() { ["Sync:Concurrency"] = "1" });
        var user = await harness.TrackAsync("waiting", gists: 1);
        harness.Pipedrive.FailNext(count: 100, statusCode: 503, pathPrefix: "/api/v2/activities");
        await harness.RunAsync();
        harness.Pipedrive.Faults.Clear();
        harness.GitHub.SetRateLimitRemaining(0, token: SyncHarness.GitHubToken);

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.StoppedEarly, run.Outcome);
        Assert.Equal(1, run.Figures.GistsPublished);
        Assert.Equal(PublishStatus.Published, Assert.Single(await harness.StoredGistsAsync(user)).Pipedrive.Status);
    }

    [Theory]
    [InlineData(402)]
    [InlineData(403)]
    public async Task An_account_pipedrive_refuses_stops_publishing_without_using_up_attempts(int status)
    {
        await using var harness = await SyncHarness.StartAsync();
        var user = await harness.TrackAsync("refused", gists: 3);
        harness.Pipedrive.FailNext(count: 1000, statusCode: status);

        var run = await harness.RunAsync();

        Assert.Equal(0, run.Figures.GistsPublished);
        Assert.Contains("Publishing stopped early", run.Message, StringComparison.Ordinal);
        Assert.All(await harness.StoredGistsAsync(user), g => Assert.Equal(0, g.Pipedrive.Attempts));
        Assert.True(harness.Pipedrive.Requests.Count <= 2, $"{harness.Pipedrive.Requests.Count} requests after the account was refused");
    }
}
