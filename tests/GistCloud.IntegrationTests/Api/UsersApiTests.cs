using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.Users;
using GistCloud.Core.Tracking;

namespace GistCloud.IntegrationTests.Api;

public class UsersApiTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    [Fact]
    public async Task Adding_a_user_returns_201_with_location_and_stores_their_gists()
    {
        app.GitHub.AddUser("Adder", name: "Ada Adder");
        app.GitHub.AddGists("Adder", 3);
        using var client = app.CreateAdminClient();

        var response = await client.PostAsJsonAsync("/api/users", new { username = "Adder" });

        var user = await ProblemAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("/api/users/adder", response.Headers.Location?.OriginalString);
        Assert.Equal("adder", user.GetProperty("username").GetString());
        Assert.Equal("Ada Adder", user.GetProperty("displayName").GetString());
        Assert.Equal(3, user.GetProperty("gistCount").GetInt64());
        Assert.Equal("ok", user.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("lastError").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, user.GetProperty("lastSyncedAt").ValueKind);

        var stored = await app.Service<UserStore>().FindAsync(GitHubUsername.Parse("adder"), default);
        Assert.NotNull(stored);
        Assert.Equal(3, stored.GistCount);
        var gists = await client.GetFromJsonAsync<JsonElement>("/api/users/adder/gists");
        Assert.Equal(3, gists.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_tracked_user_is_found_in_any_case_and_adding_it_again_in_other_case_returns_409()
    {
        app.GitHub.AddUser("casey");
        await app.TrackAsync("casey");
        using var client = app.CreateAdminClient();

        var found = await ProblemAssert.JsonAsync(await client.GetAsync("/api/users/CaSeY"), HttpStatusCode.OK);
        Assert.Equal("casey", found.GetProperty("username").GetString());

        var again = await client.PostAsJsonAsync("/api/users", new { username = "CASEY" });
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "'casey' is already tracked");
    }

    [Fact]
    public async Task Adding_a_user_GitHub_does_not_know_returns_404_and_stores_nothing()
    {
        using var client = app.CreateAdminClient();

        var response = await client.PostAsJsonAsync("/api/users", new { username = "nobody-here" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "GitHub has no user 'nobody-here'");
        Assert.Null(await app.Service<UserStore>().FindAsync(GitHubUsername.Parse("nobody-here"), default));
    }

    [Fact]
    public async Task Adding_a_user_while_GitHub_fails_returns_502_and_stores_nothing()
    {
        app.GitHub.AddUser("flaky");
        app.GitHub.FailNext("/users/flaky", count: 10, statusCode: 502);
        using var client = app.CreateAdminClient();

        var response = await client.PostAsJsonAsync("/api/users", new { username = "flaky" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "GitHub could not be asked");
        Assert.Null(await app.Service<UserStore>().FindAsync(GitHubUsername.Parse("flaky"), default));
    }

    [Fact]
    public async Task A_user_with_250_gists_is_stored_whole_and_listed_newest_first_across_pages()
    {
        app.GitHub.AddUser("prolific");
        app.GitHub.AddGists("prolific", 250);

        var user = await app.TrackAsync("prolific");
        Assert.Equal(250, user.GetProperty("gistCount").GetInt64());

        using var client = app.CreateClient();
        var ids = new List<string>();
        var created = new List<DateTimeOffset>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = "/api/users/prolific/gists?limit=100" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await client.GetFromJsonAsync<JsonElement>(url);
            foreach (var gist in page.GetProperty("items").EnumerateArray())
            {
                ids.Add(gist.GetProperty("id").GetString()!);
                created.Add(gist.GetProperty("createdAt").GetDateTimeOffset());
            }

            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(250, ids.Count);
        Assert.Equal(250, ids.Distinct().Count());
        Assert.Equal(created.OrderByDescending(c => c), created);
        Assert.Equal(app.GitHub.GistIdsOf("prolific").Order(), ids.Order());
    }

    [Fact]
    public async Task A_user_with_more_gists_than_the_first_pages_gets_those_pages_and_no_sync_time()
    {
        app.GitHub.AddUser("huge");
        app.GitHub.AddGists("huge", (UserTracker.InitialSyncPages * 100) + 20);

        var user = await app.TrackAsync("huge");

        Assert.Equal(UserTracker.InitialSyncPages * 100, user.GetProperty("gistCount").GetInt64());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("lastSyncedAt").ValueKind);
        var stored = await app.Service<UserStore>().FindAsync(GitHubUsername.Parse("huge"), default);
        Assert.Equal(UserTracker.InitialSyncPages * 100, stored!.GistCount);
    }

    [Fact]
    public async Task Removing_a_user_deletes_them_with_their_gists_and_visits()
    {
        app.GitHub.AddUser("leaver");
        app.GitHub.AddGists("leaver", 4);
        await app.TrackAsync("leaver");
        using var client = app.CreateAdminClient();
        var visit = await client.PostAsync("/api/users/leaver/visits", null);
        var visitId = (await ProblemAssert.JsonAsync(visit, HttpStatusCode.Created)).GetProperty("visitId").GetString();

        var response = await client.DeleteAsync("/api/users/LEAVER");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users/leaver"), HttpStatusCode.NotFound, "'leaver' is not tracked");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users/leaver/gists"), HttpStatusCode.NotFound, "'leaver' is not tracked");
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/users/leaver/visits/{visitId}"), HttpStatusCode.NotFound, "no visit");
        var leftovers = await StoredItems.CountForUserAsync(app, "leaver");
        Assert.Equal(0, leftovers);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync("/api/users/leaver"), HttpStatusCode.NotFound, "'leaver' is not tracked");
    }

    [Fact]
    public async Task A_removed_user_can_be_tracked_again_from_scratch()
    {
        app.GitHub.AddUser("returner");
        app.GitHub.AddGists("returner", 2);
        await app.TrackAsync("returner");
        using var client = app.CreateAdminClient();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/users/returner")).StatusCode);

        var again = await app.TrackAsync("returner");

        Assert.Equal(2, again.GetProperty("gistCount").GetInt64());
        var gists = await client.GetFromJsonAsync<JsonElement>("/api/users/returner/gists");
        Assert.Equal(2, gists.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Getting_a_user_that_is_not_tracked_returns_404()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/users/not-tracked-yet");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "'not-tracked-yet' is not tracked");
    }

    [Fact]
    public async Task Gists_carry_their_files_dates_and_pipedrive_status()
    {
        app.GitHub.AddUser("filer");
        app.GitHub.AddGists("filer", 1);
        var expected = app.GitHub.GistsOf("filer").Single();
        await app.TrackAsync("filer");
        using var client = app.CreateClient();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/users/filer/gists");

        var gist = page.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(expected.Id, gist.GetProperty("id").GetString());
        Assert.Equal(expected.HtmlUrl(), gist.GetProperty("htmlUrl").GetString());
        Assert.Equal(expected.Description, gist.GetProperty("description").GetString());
        Assert.Equal(expected.CreatedAt, gist.GetProperty("createdAt").GetDateTimeOffset());
        Assert.True(gist.GetProperty("discoveredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        var files = gist.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(expected.Files.Count, files.Count);
        Assert.All(files, f => Assert.False(string.IsNullOrEmpty(f.GetProperty("filename").GetString())));
        Assert.Equal("disabled", gist.GetProperty("pipedrive").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }
}
