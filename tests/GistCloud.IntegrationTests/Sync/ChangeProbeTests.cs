using System.Globalization;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace GistCloud.IntegrationTests.Sync;

/// <summary>
/// The GraphQL change probe through the real engine, DynamoDB Local and the fake GitHub, whose GraphQL endpoint runs a
/// real GraphQL engine: one call per batch of users, a REST listing only for users whose gists changed.
/// </summary>
public class ChangeProbeTests
{
    private static Dictionary<string, string?> ProbeBatches(int size) =>
        new() { ["GitHub:ProbeBatchSize"] = size.ToString(CultureInfo.InvariantCulture) };

    [Fact]
    public async Task Unchanged_users_cost_one_GraphQL_call_per_batch_and_no_listing()
    {
        await using var harness = await SyncHarness.StartAsync(ProbeBatches(3));
        for (var i = 0; i < 7; i++)
        {
            await harness.TrackAsync($"steady{i}", gists: i + 1);
        }

        var first = await harness.RunAsync();
        Assert.Equal(SyncRunOutcome.Completed, first.Outcome);
        Assert.Equal(28, first.Figures.GistsStored);
        Assert.Equal(3, first.Figures.GraphQLRequests); // 7 users in batches of 3
        var before = await harness.Users.FindAsync(GitHubUsername.Parse("steady0"), default);
        harness.GitHub.Log.Clear();
        harness.Pipedrive.Log.Clear();

        var second = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, second.Outcome);
        Assert.Equal(3, harness.GitHub.TotalRequests);
        Assert.All(harness.GitHub.Requests, r => Assert.Equal(("POST", "/graphql", 200), (r.Method, r.Path, r.StatusCode)));
        Assert.Equal(3, harness.GitHub.GraphQLCallCount);
        Assert.Equal(3, harness.GitHub.GraphQLPointsCharged);
        Assert.Empty(harness.Pipedrive.Requests);
        Assert.Equal((7, 0, 0, 3, 3, 3), (second.Figures.UsersChecked, second.Figures.UsersChanged, second.Figures.GistsStored,
            second.Figures.GitHubRequests, second.Figures.GraphQLRequests, second.Figures.GraphQLPoints));
        // No write per unchanged user: one probe sweep says they were all synced as of the run's start.
        var after = await harness.Users.FindAsync(GitHubUsername.Parse("steady0"), default);
        Assert.Equal(second.StartedAt, after!.LastSyncedAt);
        Assert.True(after.LastSyncedAt > before!.LastSyncedAt);
        Assert.Equal(before.SyncState with { OutboxClearThrough = 1 }, after.SyncState); // run 2 found the outbox empty
        var listed = await harness.Users.ListAsync(new GistCloud.Core.Domain.Paging.PageRequest(10, null), default);
        Assert.All(listed.Items, user => Assert.Equal(second.StartedAt, user.LastSyncedAt));
    }

    [Fact]
    public async Task A_new_an_edited_and_a_deleted_gist_are_each_caught_and_nothing_stored_or_published_is_lost()
    {
        await using var harness = await SyncHarness.StartAsync(ProbeBatches(100));
        var adder = await harness.TrackAsync("adder", gists: 2);
        var editor = await harness.TrackAsync("editor", gists: 2);
        var deleter = await harness.TrackAsync("deleter", gists: 3);
        var quiet = await harness.TrackAsync("quiet", gists: 2);
        await harness.RunAsync();
        Assert.Equal(9, harness.Pipedrive.Data.Activities.Count);
        harness.GitHub.Log.Clear();

        var added = harness.GitHub.AddGist("adder", description: "brand new");
        var edited = harness.GitHub.UpdateGist(harness.GitHub.Data.GistsOf("editor")[^1].Id, description: "edited");
        Assert.True(harness.GitHub.Data.RemoveGist(harness.GitHub.Data.GistsOf("deleter")[^1].Id));

        var second = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, second.Outcome);
        Assert.Equal((1, 1, 1), (second.Figures.GistsStored, second.Figures.GistsUpdated, second.Figures.GistsPublished));
        Assert.Equal(1, second.Figures.GraphQLRequests);
        var listed = harness.GitHub.Requests.Where(r => r.Path != "/graphql").Select(r => r.Path).ToHashSet();
        Assert.Equal(new HashSet<string> { "/users/adder/gists", "/users/editor/gists", "/users/deleter/gists" }, listed);
        Assert.True(harness.GitHub.TotalRequests <= 1 + (2 * 3), $"{harness.GitHub.TotalRequests} requests: at most the probe and two listings per changed user");
        Assert.Contains(await harness.StoredGistsAsync(adder), g => g.Id == added.Id);
        Assert.Contains(await harness.StoredGistsAsync(editor), g => g.Id == edited.Id && g.Description == "edited");
        Assert.Equal(3, (await harness.StoredGistsAsync(deleter)).Count); // a gist deleted on GitHub stays stored (and published)
        Assert.Equal(2, (await harness.StoredGistsAsync(quiet)).Count);
        Assert.Equal(10, harness.Pipedrive.Data.Activities.Count);

        harness.GitHub.Log.Clear();
        var third = await harness.RunAsync();
        Assert.Equal(1, harness.GitHub.TotalRequests); // every signature is stored again: the probe alone
        Assert.Equal(0, third.Figures.GistsStored);
    }

    [Fact]
    public async Task An_unknown_login_among_known_ones_is_marked_not_found_without_a_listing_and_the_others_sync()
    {
        await using var harness = await SyncHarness.StartAsync(ProbeBatches(100));
        var known = await harness.TrackAsync("known", gists: 2);
        var ghost = await harness.TrackAsync("ghost", gists: 1);
        var other = await harness.TrackAsync("other", gists: 1);
        Assert.True(harness.GitHub.RemoveUser("ghost"));

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, run.Outcome);
        Assert.Equal(1, harness.GitHub.GraphQLCallCount);
        Assert.DoesNotContain(harness.GitHub.Requests, r => r.Path.Contains("ghost", StringComparison.Ordinal));
        Assert.Equal(UserStatus.NotFound, (await harness.Users.FindAsync(ghost, default))!.Status);
        Assert.Equal(ghost, Assert.Single(run.Errors).Username);
        Assert.Equal(2, (await harness.StoredGistsAsync(known)).Count);
        Assert.Single(await harness.StoredGistsAsync(other));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_batch_that_fails_as_a_whole_is_retried_then_listed_over_REST_and_the_run_completes(bool httpFailure)
    {
        await using var harness = await SyncHarness.StartAsync(ProbeBatches(100));
        var users = new List<GitHubUsername>();
        for (var i = 0; i < 4; i++)
        {
            users.Add(await harness.TrackAsync($"user{i}", gists: 1));
        }

        await harness.RunAsync();
        foreach (var user in users)
        {
            harness.GitHub.AddGist(user.Value, description: "after run 1");
        }

        harness.GitHub.Log.Clear();
        if (httpFailure)
        {
            harness.GitHub.FailNext("/graphql", count: 2, statusCode: 502); // GitHub:MaxRetries is 1: both attempts fail
        }
        else
        {
            harness.GitHub.Faults.FailNextGraphQL(count: 2); // 200 with errors and no data, twice
        }

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, run.Outcome);
        Assert.Empty(run.Errors);
        Assert.Equal(4, run.Figures.GistsStored);
        Assert.Equal(2, run.Figures.GraphQLRequests);
        Assert.Equal(2, harness.GitHub.Requests.Count(r => r.Path == "/graphql"));
        Assert.All(users, user => Assert.Contains(harness.GitHub.Requests, r => r.Path == $"/users/{user}/gists"));
    }

    [Fact]
    public async Task A_user_the_probe_fails_for_alone_is_listed_over_REST_and_the_rest_of_the_batch_is_not()
    {
        await using var harness = await SyncHarness.StartAsync(ProbeBatches(100));
        var odd = await harness.TrackAsync("odd", gists: 1);
        await harness.TrackAsync("fine", gists: 1);
        await harness.RunAsync();
        harness.GitHub.AddGist("odd", description: "after run 1");
        harness.GitHub.Log.Clear();
        harness.GitHub.Faults.FailGraphQLUser("odd");

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, run.Outcome);
        Assert.Empty(run.Errors);
        Assert.Equal(1, run.Figures.GistsStored);
        Assert.Equal(2, (await harness.StoredGistsAsync(odd)).Count);
        Assert.Contains(harness.GitHub.Requests, r => r.Path == "/users/odd/gists");
        Assert.DoesNotContain(harness.GitHub.Requests, r => r.Path == "/users/fine/gists");
    }

    [Fact]
    public async Task Without_a_token_every_user_is_listed_over_REST_and_GraphQL_is_never_called()
    {
        var logs = new ScopedLogs();
        await using var harness = await SyncHarness.StartAsync(
            new() { ["GitHub:Token"] = "", ["GitHub:ProbeBatchSize"] = "100" }, logging: builder => builder.AddProvider(logs));
        var user = await harness.TrackAsync("anon", gists: 2);

        var run = await harness.RunAsync();

        Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("GraphQL change probe off", StringComparison.Ordinal)
            && l.Message.Contains("needs a token", StringComparison.Ordinal));
        Assert.Equal(SyncRunOutcome.Completed, run.Outcome);
        Assert.Equal(2, (await harness.StoredGistsAsync(user)).Count);
        Assert.Equal(0, run.Figures.GraphQLRequests);
        Assert.DoesNotContain(harness.GitHub.Requests, r => r.Path == "/graphql");
    }

    [Fact]
    public async Task A_GraphQL_endpoint_that_refuses_sends_the_whole_run_to_REST()
    {
        var logs = new ScopedLogs();
        await using var harness = await SyncHarness.StartAsync(ProbeBatches(2), logging: builder => builder.AddProvider(logs));
        for (var i = 0; i < 12; i++)
        {
            await harness.TrackAsync($"refused{i}", gists: 1);
        }

        harness.GitHub.Faults.RefuseGraphQL(403);

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, run.Outcome);
        Assert.Equal(12, run.Figures.GistsStored);
        Assert.Empty(run.Errors);

        // Six batches, one call: the first batch is asked alone, and its refusal sends everyone to REST, with one warning.
        Assert.Single(harness.GitHub.Requests, r => r.Path == "/graphql");
        Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("GraphQL change probe off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_a_GitHub_Enterprise_layout_the_probe_goes_to_api_graphql()
    {
        await using var harness = await SyncHarness.StartAsync(ProbeBatches(100), enterprisePaths: true);
        Assert.EndsWith("/api/v3/", harness.GitHub.BaseUrl.AbsolutePath, StringComparison.Ordinal);
        await harness.TrackAsync("enterprise", gists: 2);
        await harness.RunAsync();
        harness.GitHub.Log.Clear();

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, run.Outcome);
        var request = Assert.Single(harness.GitHub.Requests);
        Assert.Equal(("POST", "/api/graphql", 200), (request.Method, request.Path, request.StatusCode));
    }

    [Fact]
    public async Task A_spent_GraphQL_budget_stops_the_run_early_and_the_next_run_catches_up_publishing_nothing_twice()
    {
        await using var harness = await SyncHarness.StartAsync(ProbeBatches(2));
        var users = new List<GitHubUsername>();
        for (var i = 0; i < 6; i++)
        {
            users.Add(await harness.TrackAsync($"budget{i}", gists: 1));
        }

        await harness.RunAsync();
        foreach (var user in users)
        {
            harness.GitHub.AddGist(user.Value, description: "after run 1");
        }

        var resetAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds());
        harness.GitHub.RateLimits.SetGraphQLRemaining(1, SyncHarness.GitHubToken, resetAt); // one batch's worth

        var stopped = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.StoppedEarly, stopped.Outcome);
        Assert.Contains("GraphQL rate limit", stopped.Message, StringComparison.Ordinal);
        Assert.Contains($"resets at {resetAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(2, stopped.Figures.GistsStored); // the first batch, asked alone, is the one the budget paid for

        harness.GitHub.RateLimits.SetGraphQLRemaining(5_000, SyncHarness.GitHubToken);
        var next = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, next.Outcome);
        Assert.Equal(6, stopped.Figures.GistsStored + next.Figures.GistsStored);
        foreach (var user in users)
        {
            Assert.Equal(2, (await harness.StoredGistsAsync(user)).Count);
        }

        Assert.Equal(12, harness.Pipedrive.Data.Activities.Count);
        Assert.Equal(12, harness.Pipedrive.Data.Activities.Select(a => a.Note).Distinct().Count());
    }

    [Fact]
    public async Task An_unchanged_users_outbox_is_skipped_only_once_found_empty_and_a_failed_publish_is_still_retried()
    {
        await using var harness = await SyncHarness.StartAsync(ProbeBatches(100));
        var calm = await harness.TrackAsync("calm", gists: 2);
        var flaky = await harness.TrackAsync("flaky", gists: 1);
        harness.Pipedrive.FailNext(count: 100, statusCode: 503, pathPrefix: "/api/v2/activities");
        harness.GitHub.Data.RemoveGist(harness.GitHub.Data.GistsOf("calm")[0].Id); // unchanged users can still differ in what they had
        harness.GitHub.AddGist("calm");

        var first = await harness.RunAsync();
        Assert.Equal(0, first.Figures.GistsPublished);
        harness.Pipedrive.Faults.Clear();

        // Run 2: the probe finds both unchanged, but their outboxes still hold the gists that failed: published now.
        var second = await harness.RunAsync();
        Assert.Equal((0, 3), (second.Figures.GistsStored, second.Figures.GistsPublished));
        Assert.Null((await harness.Users.FindAsync(calm, default))!.SyncState.OutboxClearThrough);

        // Run 3 finds the outboxes empty and remembers it; from run 4 on an unchanged user's outbox is not looked at.
        await harness.RunAsync();
        var stored = await harness.Users.FindAsync(calm, default);
        Assert.Equal(stored!.GistCount, stored.SyncState.OutboxClearThrough);
        Assert.Equal((await harness.Users.FindAsync(flaky, default))!.GistCount, (await harness.Users.FindAsync(flaky, default))!.SyncState.OutboxClearThrough);

        // A new gist moves the count past it: stored, listed and published as ever.
        harness.GitHub.AddGist("calm", description: "after the outbox was clear");
        var fourth = await harness.RunAsync();
        Assert.Equal((1, 1), (fourth.Figures.GistsStored, fourth.Figures.GistsPublished));
        Assert.Equal(4, harness.Pipedrive.Data.Activities.Count);
    }
}
