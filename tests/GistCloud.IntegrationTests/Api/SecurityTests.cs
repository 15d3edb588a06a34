using System.Net;
using System.Net.Http.Json;

namespace GistCloud.IntegrationTests.Api;

public class SecurityTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    [Fact]
    public async Task Adding_a_user_without_the_api_key_returns_401_and_stores_nothing()
    {
        app.GitHub.AddUser("keyless");
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/users", new { username = "keyless" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "X-Api-Key");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users/keyless"), HttpStatusCode.NotFound, "not tracked");
        Assert.DoesNotContain(app.GitHub.Requests, r => r.Path.Contains("keyless", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("wrong-key-wrong-key")]
    [InlineData("test-admin-key-7f3a9c1e5b20d")] // one character short of the real key
    [InlineData("test-admin-key-7f3a9c1e5b20d4x")]
    public async Task Writes_with_a_wrong_api_key_return_401(string key)
    {
        var guarded = $"guarded-{key.Length}";
        app.GitHub.AddUser(guarded);
        await app.TrackAsync(guarded);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var add = await client.PostAsJsonAsync("/api/users", new { username = "guarded-two" });
        var remove = await client.DeleteAsync($"/api/users/{guarded}");

        await ProblemAssert.IsProblemAsync(add, HttpStatusCode.Unauthorized, "does not hold the admin key");
        await ProblemAssert.IsProblemAsync(remove, HttpStatusCode.Unauthorized, "does not hold the admin key");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/users/{guarded}")).StatusCode);
    }

    [Fact]
    public async Task Reads_and_visits_need_no_api_key()
    {
        app.GitHub.AddUser("open-reader");
        await app.TrackAsync("open-reader");
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users/open-reader/gists")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/users/open-reader/visits", null)).StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_key_writes_are_open()
    {
        using var open = app.WithWebHostBuilder(b => b.UseSetting("Api:Key", string.Empty));
        app.GitHub.AddUser("open-writer");
        using var client = open.CreateClient();

        var response = await client.PostAsJsonAsync("/api/users", new { username = "open-writer" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task The_github_token_is_sent_to_github_and_no_secret_reaches_the_logs()
    {
        app.GitHub.AddUser("secretive");
        app.GitHub.AddGists("secretive", 2);
        using var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "an-attempt-with-a-wrong-key");
        await wrong.PostAsJsonAsync("/api/users", new { username = "secretive" });

        await app.TrackAsync("secretive");

        var gitHubCalls = app.GitHub.Requests.Where(r => r.Path.Contains("secretive", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(gitHubCalls);
        Assert.All(gitHubCalls, r => Assert.True(r.HasAuthorization, $"{r.Path} was sent without the token"));
        Assert.NotEmpty(app.Logs.Lines);
        Assert.DoesNotContain(GistCloudApiFactory.GitHubToken, app.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(GistCloudApiFactory.AdminKey, app.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("an-attempt-with-a-wrong-key", app.Logs.AllText, StringComparison.Ordinal);
    }
}
