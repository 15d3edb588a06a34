using System.Net;
using System.Text.Json;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.Gists;

namespace GistCloud.IntegrationTests.Api;

public class VisitsApiTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    [Fact]
    public async Task A_first_visit_returns_every_gist_and_no_previous_visit()
    {
        await TrackWithGistsAsync("first-timer", 3);
        using var client = app.CreateClient();

        var response = await PostVisitAsync(client, "first-timer", "viewer-1");

        var visit = await ProblemAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/users/first-timer/visits/{visit.GetProperty("visitId").GetString()}", response.Headers.Location?.OriginalString);
        Assert.Equal("viewer-1", visit.GetProperty("viewerId").GetString());
        Assert.Equal(JsonValueKind.Null, visit.GetProperty("previousVisitAt").ValueKind);
        Assert.Equal(app.GitHub.GistIdsOf("first-timer").Order(), GistIds(visit).Order());
    }

    [Fact]
    public async Task A_second_visit_returns_only_the_gists_stored_since_the_first()
    {
        await TrackWithGistsAsync("returning", 2);
        using var client = app.CreateClient();
        var first = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "returning", "viewer-2"), HttpStatusCode.Created);
        var added = await StoreNewGistsAsync("returning", 2);

        var second = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "returning", "viewer-2"), HttpStatusCode.Created);

        Assert.Equal(added.Order(), GistIds(second).Order());
        Assert.Equal(first.GetProperty("visitedAt").GetDateTimeOffset(), second.GetProperty("previousVisitAt").GetDateTimeOffset());
        var third = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "returning", "viewer-2"), HttpStatusCode.Created);
        Assert.Empty(GistIds(third));
    }

    [Fact]
    public async Task Two_viewers_each_see_what_is_new_since_their_own_last_visit()
    {
        await TrackWithGistsAsync("shared", 2);
        using var client = app.CreateClient();
        await PostVisitAsync(client, "shared", "alice");
        var added = await StoreNewGistsAsync("shared", 1);

        var alice = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "shared", "alice"), HttpStatusCode.Created);
        var bob = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "shared", "bob"), HttpStatusCode.Created);

        Assert.Equal(added, GistIds(alice));
        Assert.Equal(3, GistIds(bob).Count);
        Assert.Equal(JsonValueKind.Null, bob.GetProperty("previousVisitAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, alice.GetProperty("previousVisitAt").ValueKind);
    }

    [Fact]
    public async Task A_visit_without_viewer_header_is_the_anonymous_viewers()
    {
        await TrackWithGistsAsync("anon-seen", 1);
        using var client = app.CreateClient();

        var visit = await ProblemAssert.JsonAsync(await client.PostAsync("/api/users/anon-seen/visits", null), HttpStatusCode.Created);

        Assert.Equal("anonymous", visit.GetProperty("viewerId").GetString());
        Assert.Single(GistIds(visit));
    }

    [Fact]
    public async Task A_visit_read_again_by_id_has_the_same_gists_even_after_more_were_stored()
    {
        await TrackWithGistsAsync("rereader", 2);
        using var client = app.CreateClient();
        await PostVisitAsync(client, "rereader", "carol");
        await StoreNewGistsAsync("rereader", 2);
        var visit = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "rereader", "carol"), HttpStatusCode.Created);
        await StoreNewGistsAsync("rereader", 1);

        var again = await ProblemAssert.JsonAsync(
            await client.GetAsync($"/api/users/rereader/visits/{visit.GetProperty("visitId").GetString()}"), HttpStatusCode.OK);

        Assert.Equal(GistIds(visit), GistIds(again));
        Assert.Equal(visit.GetProperty("visitedAt").GetDateTimeOffset(), again.GetProperty("visitedAt").GetDateTimeOffset());
        Assert.Equal("carol", again.GetProperty("viewerId").GetString());
    }

    [Fact]
    public async Task A_visit_of_an_untracked_user_returns_404_and_an_unknown_visit_404()
    {
        await TrackWithGistsAsync("visited", 1);
        using var client = app.CreateClient();

        await ProblemAssert.IsProblemAsync(await PostVisitAsync(client, "never-tracked", "dave"), HttpStatusCode.NotFound, "'never-tracked' is not tracked");
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

    private static Task<HttpResponseMessage> PostVisitAsync(HttpClient client, string username, string viewer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{username}/visits");
        request.Headers.Add("X-Viewer-Id", viewer);
        return client.SendAsync(request);
    }

    private static List<string> GistIds(JsonElement visit) =>
        [.. visit.GetProperty("gists").EnumerateArray().Select(g => g.GetProperty("id").GetString()!)];
}
