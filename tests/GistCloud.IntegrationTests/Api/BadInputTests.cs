using System.Net;
using System.Net.Http.Json;
using System.Text;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.Users;

namespace GistCloud.IntegrationTests.Api;

/// <summary>Every kind of bad input gets a problem that says what is wrong, and nothing is stored.</summary>
public class BadInputTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    [Theory]
    [InlineData("", "A GitHub username is required.")]
    [InlineData("-leading", "cannot start or end with a hyphen")]
    [InlineData("trailing-", "cannot start or end with a hyphen")]
    [InlineData("dou--ble", "consecutive hyphens")]
    [InlineData("under_score", "contains '_'")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcd", "at most 39 characters")]
    [InlineData("héllo", "contains 'é'")]
    public async Task Adding_an_invalid_username_returns_400_saying_why(string username, string reason)
    {
        using var client = app.CreateAdminClient();

        var response = await client.PostAsJsonAsync("/api/users", new { username });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, reason);
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("username")[0].GetString(), StringComparison.Ordinal);
        var list = await (await client.GetAsync("/api/users")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(username.ToLowerInvariant() is { Length: > 0 } lower ? $"\"{lower}\"" : "\"\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_username_returns_400()
    {
        using var client = app.CreateAdminClient();

        var response = await client.PostAsJsonAsync("/api/users", new { name = "octocat" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "A GitHub username is required.");
    }

    [Fact]
    public async Task A_body_that_is_not_json_returns_400_saying_so()
    {
        using var client = app.CreateAdminClient();

        var response = await client.PostAsync("/api/users", new StringContent("{\"username\": ", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Fact]
    public async Task A_username_of_the_wrong_json_type_returns_400()
    {
        using var client = app.CreateAdminClient();

        var response = await client.PostAsync("/api/users", new StringContent("{\"username\": 42}", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "username must be a string");
    }

    [Fact]
    public async Task A_body_that_is_not_declared_json_returns_415()
    {
        using var client = app.CreateAdminClient();

        var response = await client.PostAsync("/api/users", new StringContent("username=octocat", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "JSON");
    }

    [Fact]
    public async Task A_body_over_16_KiB_returns_413_and_stores_nothing()
    {
        app.GitHub.AddUser("bigbody");
        using var client = app.CreateAdminClient();
        var json = $"{{\"username\": \"bigbody\", \"padding\": \"{new string('x', 16 * 1024)}\"}}";

        var response = await client.PostAsync("/api/users", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "16384 bytes");
        Assert.Null(await app.Service<UserStore>().FindAsync(GitHubUsername.Parse("bigbody"), default));
    }

    [Theory]
    [InlineData("/api/users/-bad-")]
    [InlineData("/api/users/-bad-/gists")]
    [InlineData("/api/users/bad_name/visits/0195f4c2a7b87c3d9e0f112233445566")]
    public async Task An_invalid_username_in_the_path_returns_400(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "A GitHub username");
    }

    [Theory]
    [InlineData("limit=0", "limit must be a whole number from 1 to 100; got '0'")]
    [InlineData("limit=101", "limit must be a whole number from 1 to 100; got '101'")]
    [InlineData("limit=abc", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_paging_parameters_return_400(string query, string reason)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/users?{query}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, reason);
    }

    [Fact]
    public async Task A_cursor_of_another_users_gists_is_rejected()
    {
        app.GitHub.AddUser("cursor-a");
        app.GitHub.AddGists("cursor-a", 3);
        app.GitHub.AddUser("cursor-b");
        app.GitHub.AddGists("cursor-b", 3);
        await app.TrackAsync("cursor-a");
        await app.TrackAsync("cursor-b");
        using var client = app.CreateClient();
        var first = await ProblemAssert.JsonAsync(await client.GetAsync("/api/users/cursor-a/gists?limit=1"), HttpStatusCode.OK);
        var cursor = first.GetProperty("nextCursor").GetString()!;

        var response = await client.GetAsync($"/api/users/cursor-b/gists?limit=10&cursor={Uri.EscapeDataString(cursor)}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "cursor belongs to another list");
    }

    [Fact]
    public async Task An_invalid_viewer_id_returns_400()
    {
        app.GitHub.AddUser("viewed");
        await app.TrackAsync("viewed");
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/users/viewed/visits");
        request.Headers.Add("X-Viewer-Id", "not a valid id!");

        var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "viewer id is a random UUID");
    }

    [Fact]
    public async Task An_unknown_route_answers_a_404_problem()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
