using System.Net;
using System.Text.Json;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Domain.Visits;
using GistCloud.Core.Storage.Gists;

namespace GistCloud.IntegrationTests.Api;

public class VisitsApiTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    // What crypto.randomUUID() makes: version 4 UUIDs.
    private static readonly string Viewer1 = NewViewer();
    private static readonly string Viewer2 = NewViewer();
    private static readonly string Alice = NewViewer();
    private static readonly string Bob = NewViewer();
    private static readonly string Carol = NewViewer();
    private static readonly string Dave = NewViewer();

    [Fact]
    public async Task A_first_visit_returns_every_gist_and_no_previous_visit()
    {
        await TrackWithGistsAsync("first-timer", 3);
        using var client = app.CreateClient();

        var response = await PostVisitAsync(client, "first-timer", Viewer1);

        var visit = await ProblemAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/users/first-timer/visits/{visit.GetProperty("visitId").GetString()}", response.Headers.Location?.OriginalString);
        Assert.Equal(Viewer1, visit.GetProperty("viewerId").GetString());
        Assert.Equal(JsonValueKind.Null, visit.GetProperty("previousVisitAt").ValueKind);
        Assert.Equal(app.GitHub.GistIdsOf("first-timer").Order(), GistIds(visit).Order());
    }

    [Fact]
    public async Task A_second_visit_returns_only_the_gists_stored_since_the_first()
    {
        await TrackWithGistsAsync("returning", 2);
        using var client = app.CreateClient();
        var first = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "returning", Viewer2), HttpStatusCode.Created);
        var added = await StoreNewGistsAsync("returning", 2);

        var second = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "returning", Viewer2), HttpStatusCode.Created);

        Assert.Equal(added.Order(), GistIds(second).Order());
        Assert.Equal(first.GetProperty("visitedAt").GetDateTimeOffset(), second.GetProperty("previousVisitAt").GetDateTimeOffset());
        var third = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "returning", Viewer2), HttpStatusCode.Created);
        Assert.Empty(GistIds(third));
    }

    [Fact]
    public async Task Two_viewers_each_see_what_is_new_since_their_own_last_visit()
    {
        await TrackWithGistsAsync("shared", 2);
        using var client = app.CreateClient();
        await PostVisitAsync(client, "shared", Alice);
        var added = await StoreNewGistsAsync("shared", 1);

        var alice = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "shared", Alice), HttpStatusCode.Created);
        var bob = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "shared", Bob), HttpStatusCode.Created);

        Assert.Equal(added, GistIds(alice));
        Assert.Equal(3, GistIds(bob).Count);
        Assert.Equal(JsonValueKind.Null, bob.GetProperty("previousVisitAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, alice.GetProperty("previousVisitAt").ValueKind);
    }

    [Fact]
    public async Task A_visit_without_viewer_header_gets_a_fresh_viewer_id_and_shares_nothing()
    {
        await TrackWithGistsAsync("anon-seen", 2);
        using var client = app.CreateClient();

        var first = await client.PostAsync("/api/users/anon-seen/visits", null);
        var second = await client.PostAsync("/api/users/anon-seen/visits", null);

        var one = await ProblemAssert.JsonAsync(first, HttpStatusCode.Created);
        var two = await ProblemAssert.JsonAsync(second, HttpStatusCode.Created);
        var (id1, id2) = (one.GetProperty("viewerId").GetString()!, two.GetProperty("viewerId").GetString()!);
        Assert.Matches(ViewerId.Pattern, id1);
        Assert.Equal(4, Guid.Parse(id1).Version);
        Assert.NotEqual(id1, id2);
        Assert.Equal(id1, Assert.Single(first.Headers.GetValues("X-Viewer-Id")));
        Assert.Equal(id2, Assert.Single(second.Headers.GetValues("X-Viewer-Id")));
        foreach (var visit in new[] { one, two })
        {
            Assert.Equal(2, GistIds(visit).Count);
            Assert.Equal(JsonValueKind.Null, visit.GetProperty("previousVisitAt").ValueKind);
        }

        // The issued id is the viewer from then on.
        var again = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "anon-seen", id1), HttpStatusCode.Created);
        Assert.Empty(GistIds(again));
        Assert.Equal(one.GetProperty("visitedAt").GetDateTimeOffset(), again.GetProperty("previousVisitAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_viewer_id_is_read_in_either_case_and_answered_lower_case()
    {
        await TrackWithGistsAsync("case-seen", 1);
        using var client = app.CreateClient();
        var viewer = NewViewer();

        var visit = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "case-seen", viewer.ToUpperInvariant()), HttpStatusCode.Created);

        Assert.Equal(viewer, visit.GetProperty("viewerId").GetString());
    }

    [Theory]
    [InlineData("strict-1", "anonymous")]
    [InlineData("strict-2", "viewer-1")]
    [InlineData("strict-3", "0195f4c2-a7b8-7c3d-9e0f-112233445566")] // version 7: partly a timestamp
    [InlineData("strict-4", "5f0c2a9e4a5b4a7e9a0e1b2c3d4e5f60")]
    public async Task A_viewer_id_that_is_not_a_random_uuid_is_a_400_naming_the_header(string username, string viewer)
    {
        await TrackWithGistsAsync(username, 1);
        using var client = app.CreateClient();

        var problem = await ProblemAssert.IsProblemAsync(await PostVisitAsync(client, username, viewer), HttpStatusCode.BadRequest, "UUID");

        Assert.True(problem.GetProperty("errors").TryGetProperty("X-Viewer-Id", out _));
    }

    [Fact]
    public async Task A_visit_with_more_gists_than_a_page_answers_the_first_page_and_replays_the_rest_by_cursor()
    {
        await TrackWithGistsAsync("prolific", 60);
        using var client = app.CreateClient();
        var viewer = NewViewer();

        var first = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "prolific", viewer), HttpStatusCode.Created);

        Assert.Equal(60, first.GetProperty("gistCount").GetInt32());
        Assert.Equal(50, GistIds(first).Count);
        var visitId = first.GetProperty("visitId").GetString();
        var seen = GistIds(first);
        var cursor = first.GetProperty("nextCursor").GetString();
        var pages = 1;
        while (cursor is not null)
        {
            var page = await ProblemAssert.JsonAsync(
                await client.GetAsync($"/api/users/prolific/visits/{visitId}?limit=4&cursor={Uri.EscapeDataString(cursor)}"), HttpStatusCode.OK);
            Assert.Equal(60, page.GetProperty("gistCount").GetInt32());
            Assert.True(GistIds(page).Count <= 4);
            seen.AddRange(GistIds(page));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }

        Assert.Equal(4, pages); // 50, then 4 + 4 + 2
        Assert.Equal(app.GitHub.GistIdsOf("prolific").Order(), seen.Order());
        Assert.Equal(60, seen.Distinct().Count());

        var small = await ProblemAssert.JsonAsync(
            await client.GetAsync($"/api/users/prolific/visits/{visitId}?limit=10"), HttpStatusCode.OK);
        Assert.Equal(seen.Take(10), GistIds(small));
        var next = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "prolific", viewer, "?limit=5"), HttpStatusCode.Created);
        Assert.Equal(0, next.GetProperty("gistCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, next.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task A_visit_page_with_a_bad_limit_or_a_foreign_cursor_is_a_400()
    {
        await TrackWithGistsAsync("paged-visits", 3);
        using var client = app.CreateClient();
        var one = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "paged-visits", NewViewer(), "?limit=1"), HttpStatusCode.Created);
        var two = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "paged-visits", NewViewer(), "?limit=1"), HttpStatusCode.Created);
        var foreign = Uri.EscapeDataString(one.GetProperty("nextCursor").GetString()!);

        await ProblemAssert.IsProblemAsync(await PostVisitAsync(client, "paged-visits", NewViewer(), "?limit=0"), HttpStatusCode.BadRequest, "limit");
        await ProblemAssert.IsProblemAsync(
            await client.GetAsync($"/api/users/paged-visits/visits/{two.GetProperty("visitId").GetString()}?cursor={foreign}"),
            HttpStatusCode.BadRequest,
            "cursor");
    }

    [Fact]
    public async Task A_visit_read_again_by_id_has_the_same_gists_even_after_more_were_stored()
    {
        await TrackWithGistsAsync("rereader", 2);
        using var client = app.CreateClient();
        await PostVisitAsync(client, "rereader", Carol);
        await StoreNewGistsAsync("rereader", 2);
        var visit = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "rereader", Carol), HttpStatusCode.Created);
        await StoreNewGistsAsync("rereader", 1);

        var again = await ProblemAssert.JsonAsync(
            await client.GetAsync($"/api/users/rereader/visits/{visit.GetProperty("visitId").GetString()}"), HttpStatusCode.OK);

        Assert.Equal(GistIds(visit), GistIds(again));
        Assert.Equal(visit.GetProperty("visitedAt").GetDateTimeOffset(), again.GetProperty("visitedAt").GetDateTimeOffset());
        Assert.Equal(Carol, again.GetProperty("viewerId").GetString());
    }

    [Fact]
    public async Task A_visit_of_an_untracked_user_returns_404_and_an_unknown_visit_404()
    {
        await TrackWithGistsAsync("visited", 1);
        using var client = app.CreateClient();

        await ProblemAssert.IsProblemAsync(await PostVisitAsync(client, "never-tracked", Dave), HttpStatusCode.NotFound, "'never-tracked' is not tracked");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users/visited/visits/0195f4c2a7b87c3d9e0f112233445566"), HttpStatusCode.NotFound, "no visit");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users/visited/visits/../../etc"), HttpStatusCode.NotFound, string.Empty);
    }

    private async Task TrackWithGistsAsync(string username, int gists)
    {
        app.GitHub.AddUser(username);
        app.GitHub.AddGists(username, gists);
        await app.TrackAsync(username);
    }

    /// <summary>Stores gists the way the sync will: new on GitHub, then into the store.</summary>
    private async Task<List<string>> StoreNewGistsAsync(string username, int count)
    {
        var before = app.GitHub.GistIdsOf(username).ToHashSet();
        app.GitHub.AddGists(username, count);
        var fresh = app.GitHub.GistsOf(username).Where(g => !before.Contains(g.Id)).ToList();
        var owner = GitHubUsername.Parse(username);
        var reader = app.Service<Core.GitHub.IGitHubReader>();
        var listing = await reader.ListGistsAsync(owner, new Core.GitHub.GistListingRequest(), default);
        var result = await app.Service<GistStore>().SaveListingAsync(owner, listing.Value!.Gists, PublishStatus.Disabled, default);
        Assert.Equal(count, result.Added);
        return [.. fresh.Select(g => g.Id)];
    }

    private static string NewViewer() => Guid.NewGuid().ToString();

    private static Task<HttpResponseMessage> PostVisitAsync(HttpClient client, string username, string viewer, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{username}/visits{query}");
        request.Headers.Add("X-Viewer-Id", viewer);
        return client.SendAsync(request);
    }

    private static List<string> GistIds(JsonElement visit) =>
        [.. visit.GetProperty("gists").EnumerateArray().Select(g => g.GetProperty("id").GetString()!)];
}
