using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GistCloud.Fakes.OpenId;

namespace GistCloud.IntegrationTests.Api;

/// <summary>The Auth settings: checked at start, a configurable groups claim, what the web app is told, and sign-in off as before.</summary>
public sealed class SignInSettingsTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>, IDisposable
{
    private readonly string _dist = CreateSite();

    private static string CreateSite()
    {
        var dist = Directory.CreateTempSubdirectory("gistcloud-signin-site-").FullName;
        File.WriteAllText(Path.Combine(dist, "index.html"), "<!doctype html><title>GistCloud</title>");
        File.WriteAllText(Path.Combine(dist, "config.json"), "{}"); // the build's own, which the API's answer replaces
        return dist;
    }

    [Theory]
    [InlineData("Auth:Authority", "https://idp.example.com", "Auth:Audience is required")]
    [InlineData("Auth:Authority", "http://idp.example.com", "must be an absolute https URL")]
    [InlineData("Auth:Authority", "not a url", "must be an absolute https URL")]
    [InlineData("Auth:Audience", "gistcloud", "Auth:Authority is not")]
    public void Sign_in_settings_that_cannot_work_stop_the_api_at_start_naming_the_key(string key, string value, string message)
    {
        var error = app.StartupError(b => b.UseSetting(key, value));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_group_is_read_from_the_configured_claim_and_aud_names_the_api()
    {
        await using var provider = await FakeOpenIdProvider.StartAsync();
        using var api = app.WithWebHostBuilder(b => b
            .UseSetting("Auth:Authority", provider.Issuer)
            .UseSetting("Auth:Audience", "urn:gistcloud:api")
            .UseSetting("Auth:ClientId", "gistcloud-web")
            .UseSetting("Auth:RolesClaim", "roles")
            .UseSetting("Auth:AdminRole", "gistcloud-admin"));
        app.GitHub.AddUser("roles-claim");
        using var client = api.CreateClient();

        var asAdmin = await SendAsync(client, provider.AccessToken("entra-admin", "urn:gistcloud:api", ["gistcloud-admin"], "Grace", groupsClaim: "roles"));
        var inAnotherClaim = await SendAsync(client, provider.AccessToken("entra-other", "urn:gistcloud:api", ["gistcloud-admin"], "Eve", groupsClaim: "groups"));

        Assert.Equal(HttpStatusCode.Created, asAdmin.StatusCode);
        Assert.Equal("Grace", (await asAdmin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("addedBy").GetProperty("name").GetString());
        await ProblemAssert.IsProblemAsync(inAnotherClaim, HttpStatusCode.Forbidden, "'gistcloud-admin' group");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { username = "roles-claim" }) };
        request.Headers.Authorization = new("Bearer", token);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task With_sign_in_on_the_web_app_is_told_where_to_sign_in_and_may_reach_the_provider()
    {
        await using var provider = await FakeOpenIdProvider.StartAsync();
        using var site = app.WithWebHostBuilder(b =>
        {
            SignInFixture.SignInOn(b, provider);
            b.UseSetting("Auth:SignOutUrl", "https://gistcloud-dev.auth.eu-west-1.amazoncognito.com/logout").UseSetting("Site:Root", _dist);
        });
        using var client = site.CreateClient();

        var response = await client.GetAsync("/config.json");
        var page = await client.GetAsync("/");

        var config = await ProblemAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("/api", config.GetProperty("apiBase").GetString());
        var auth = config.GetProperty("auth");
        Assert.Equal(provider.Issuer, auth.GetProperty("authority").GetString());
        Assert.Equal(SignInFixture.ClientId, auth.GetProperty("clientId").GetString());
        Assert.Equal("openid profile email", auth.GetProperty("scope").GetString());
        Assert.Equal("https://gistcloud-dev.auth.eu-west-1.amazoncognito.com/logout", auth.GetProperty("signOutUrl").GetString());
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"connect-src 'self' {provider.Issuer} https://gistcloud-dev.auth.eu-west-1.amazoncognito.com;", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_sign_in_off_nothing_changes_and_the_start_says_so()
    {
        using var site = app.WithWebHostBuilder(b => b.UseSetting("Site:Root", _dist));
        using var client = site.CreateClient();
        app.GitHub.AddUser("signin-off");

        var config = await ProblemAssert.JsonAsync(await client.GetAsync("/config.json"), HttpStatusCode.OK);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        var read = await client.GetAsync("/api/users");
        var keyless = await client.PostAsJsonAsync("/api/users", new { username = "signin-off" });
        var page = await client.GetAsync("/");

        Assert.False(config.TryGetProperty("auth", out _));
        Assert.Equal(("anonymous", null, null, false, false), SignInTests.Me(me)); // the admin key is set, so writes need it
        using var script = site.CreateClient();
        script.DefaultRequestHeaders.Add("X-Api-Key", GistCloudApiFactory.AdminKey);
        Assert.Equal(("apiKey", null, null, true, false), SignInTests.Me(await script.GetFromJsonAsync<JsonElement>("/api/me")));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await ProblemAssert.IsProblemAsync(keyless, HttpStatusCode.Unauthorized, "X-Api-Key");
        Assert.Contains("connect-src 'self';", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_says_whether_sign_in_is_on()
    {
        // Hosts of their own, so the lines come from these starts and no other.
        await using var provider = await FakeOpenIdProvider.StartAsync();
        var off = new GistCloudApiFactory();
        var on = new GistCloudApiFactory();
        try
        {
            await ((IAsyncLifetime)off).InitializeAsync();
            await ((IAsyncLifetime)on).InitializeAsync();
            off.CreateClient().Dispose();
            using (var signedIn = on.WithWebHostBuilder(b => SignInFixture.SignInOn(b, provider)))
            {
                signedIn.CreateClient().Dispose();
            }

            Assert.Contains("Auth:Authority is not set: sign-in is off", off.Logs.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain("sign-in is off", on.Logs.AllText, StringComparison.Ordinal);
            Assert.Contains($"Sign-in is on: tokens from {provider.Issuer}; writes need the group admins in the cognito:groups claim", on.Logs.AllText, StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)off).DisposeAsync();
            await ((IAsyncLifetime)on).DisposeAsync();
        }
    }

    public void Dispose() => Directory.Delete(_dist, recursive: true);
}
