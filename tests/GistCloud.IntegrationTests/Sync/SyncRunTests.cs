using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Fakes.GitHub;

namespace GistCloud.IntegrationTests.Sync;

/// <summary>What one run and the next do: stored once, published once, and cheap when nothing changed.</summary>
public class SyncRunTests
{
    [Fact]
    public async Task A_first_run_stores_and_publishes_every_gist_exactly_once_with_one_person_per_user()
    {
        await using var harness = await SyncHarness.StartAsync();
        var ada = await harness.TrackAsync("ada", gists: 2);
        var bob = await harness.TrackAsync("bob", gists: 3);
        var big = await harness.TrackAsync("big", gists: 150);

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, run.Outcome);
        Assert.Equal(155, run.Figures.GistsStored);
        Assert.Equal(155, run.Figures.GistsPublished);
        Assert.Equal(0, run.Figures.GistsFailed);
        Assert.Equal(3, run.Figures.UsersChecked);
        Assert.Equal(3, run.Figures.UsersChanged);
        Assert.Empty(run.Errors);
        Assert.Equal(155, harness.Pipedrive.Data.Activities.Count);
        Assert.Equal(3, harness.Pipedrive.Data.Persons.Count);
        Assert.Equal(155, harness.Pipedrive.Data.Activities.Select(a => a.Note).Distinct().Count());
        foreach (var (user, count) in new[] { (ada, 2), (bob, 3), (big, 150) })
        {
            var stored = await harness.StoredGistsAsync(user);
            Assert.Equal(count, stored.Count);
            Assert.All(stored, g => Assert.Equal(PublishStatus.Published, g.Pipedrive.Status));
            Assert.All(stored, g => Assert.Contains(harness.Pipedrive.Data.Activities, a => a.Id == g.Pipedrive.ItemId && a.Note!.Contains(g.HtmlUrl, StringComparison.Ordinal)));
            var tracked = await harness.Users.FindAsync(user, default);
            Assert.Equal(count, tracked!.GistCount);
            Assert.NotNull(tracked.LastSyncedAt);
            Assert.NotNull(tracked.SyncState.PipedrivePersonId);
        }
    }

    [Fact]
    public async Task A_second_run_with_nothing_new_costs_only_free_304s_and_no_pipedrive_call()
    {
        await using var harness = await SyncHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await harness.TrackAsync($"steady{i}", gists: i + 1);
        }

        await harness.RunAsync();
        harness.GitHub.Log.Clear();
        harness.Pipedrive.Log.Clear();

        var second = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, second.Outcome);
        Assert.Equal(5, harness.GitHub.TotalRequests);
        Assert.Equal(5, harness.GitHub.NotModifiedCount);
        Assert.Equal(0, harness.GitHub.CountedAgainstRateLimit);
        Assert.All(harness.GitHub.Requests, r => Assert.NotNull(r.IfNoneMatch));
        Assert.Empty(harness.Pipedrive.Requests);
        Assert.Equal(5, second.Figures.GitHubRequests);
        Assert.Equal(5, second.Figures.GitHubNotModified);
        Assert.Equal(0, second.Figures.GistsStored);
        Assert.Equal(0, second.Figures.UsersChanged);
    }

    [Fact]
    public async Task New_and_edited_gists_after_a_run_are_picked_up_with_since_and_the_etag_sent()
    {
        await using var harness = await SyncHarness.StartAsync();
        var user = await harness.TrackAsync("editor", gists: 3);
        await harness.RunAsync();
        var before = await harness.Users.FindAsync(user, default);
        var old = harness.GitHub.Data.GistsOf("editor")[0];
        harness.GitHub.Log.Clear();

        harness.GitHub.AddGist("editor", description: "brand new", files: [new FakeGistFile("new.py")]);
        harness.GitHub.UpdateGist(old.Id, description: "edited description", files: [new FakeGistFile("renamed.rb")]);
        var run = await harness.RunAsync();

        Assert.Equal(1, run.Figures.GistsStored);
        Assert.Equal(1, run.Figures.GistsUpdated);
        Assert.Equal(1, run.Figures.GistsPublished);
        var first = harness.GitHub.Requests[0];
        Assert.Equal(before!.SyncState.GistsETag, first.IfNoneMatch);
        Assert.True(first.Query.ContainsKey("since"), first.PathAndQuery);
        var stored = await harness.StoredGistsAsync(user);
        Assert.Equal(4, stored.Count);
        var edited = stored.Single(g => g.Id == old.Id);
        Assert.Equal("edited description", edited.Description);
        Assert.Equal("renamed.rb", Assert.Single(edited.Files).Filename);
        Assert.Equal(PublishStatus.Published, edited.Pipedrive.Status); // an edit is not a new gist: published once
        Assert.Equal(4, harness.Pipedrive.Data.Activities.Count);
    }

    [Fact]
    public async Task Without_a_pipedrive_token_gists_are_stored_as_disabled_and_the_run_says_so()
    {
        await using var harness = await SyncHarness.StartAsync(new() { ["Pipedrive:ApiToken"] = "" });
        var user = await harness.TrackAsync("quiet", gists: 2);

        var run = await harness.RunAsync();

        Assert.Equal(2, run.Figures.GistsStored);
        Assert.Equal(0, run.Figures.GistsPublished);
        Assert.Contains("Pipedrive:ApiToken is not set", run.Message, StringComparison.Ordinal);
        Assert.All(await harness.StoredGistsAsync(user), g => Assert.Equal(PublishStatus.Disabled, g.Pipedrive.Status));
        Assert.Empty(harness.Pipedrive.Requests);
    }

    [Fact]
    public async Task A_run_is_recorded_with_its_figures_and_listed_newest_first()
    {
        await using var harness = await SyncHarness.StartAsync();
        await harness.TrackAsync("recorded", gists: 1);

        var first = await harness.RunAsync();
        var second = await harness.RunAsync();

        var page = await harness.Runs.ListRecentAsync(new Core.Domain.Paging.PageRequest(10), default);
        Assert.Equal([second.RunId, first.RunId], page.Items.Select(r => r.RunId));
        var stored = await harness.Runs.FindAsync(first.RunId, default);
        Assert.Equal(first.Figures, stored!.Figures);
        Assert.Equal(SyncRunOutcome.Completed, stored.Outcome);
        Assert.NotNull(stored.FinishedAt);
        Assert.True(first.Figures.RateLimitRemaining > 0);
    }
}
