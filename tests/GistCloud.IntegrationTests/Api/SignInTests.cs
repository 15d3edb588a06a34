using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GistCloud.Fakes.OpenId;
using GistCloud.IntegrationTests.Infrastructure;

namespace GistCloud.IntegrationTests.Api;

/// <summary>Sign-in on: every /api call needs a valid bearer token from the provider (or the API key), writes the admin group.</summary>
public sealed class SignInTests(SignInFixture fixture) : IClassFixture<SignInFixture>
{
    private FakeOpenIdProvider Provider => fixture.Provider;

    [Theory]
    [InlineData("/api/users")]
    [InlineData("/api/users/octocat/gists")]
    [InlineData("/api/sync/runs")]
    [InlineData("/api/activity")]
    [InlineData("/api/me")]
    public async Task Reads_without_a_token_answer_401_with_a_bearer_challenge(string path)
    {
        using var client = fixture.Api.CreateClient();

        var response = await client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "bearer token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task Health_and_the_openapi_document_stay_public(string path)
    {
        using var client = fixture.Api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "wrong issuer", "another provider" },
        { "wrong audience", "another application" },
        { "expired", "expired" },
        { "tampered", "signature" },
        { "alg none", "signature" },
        { "forged with the published key id", "signature" },
        { "unknown key", "signature" },
        { "id token", "not an access token" },
        { "id token of another provider", "not an access token" },
        { "cognito token of another app client", "another application" },
        { "cognito token naming no client", "another application" },
        { "no subject", "subject" },
        { "not a jwt", "not valid" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task Tokens_that_do_not_check_out_answer_401(string kind, string detail)
    {
        using var client = fixture.WithToken(MakeToken(kind));

        var response = await client.GetAsync("/api/users");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, detail);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private string MakeToken(string kind)
    {
        var valid = Provider.CognitoAccessToken("sub-refused", SignInFixture.ClientId, [SignInFixture.AdminGroup]);
        var parts = valid.Split('.');
        switch (kind)
        {
            case "wrong issuer":
                var claims = Provider.Claims("sub-refused", extra: new JsonObject { ["client_id"] = SignInFixture.ClientId });
                claims["iss"] = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other";
                return Provider.Sign(claims);
            case "wrong audience":
                return Provider.AccessToken("sub-refused", "some-other-api");
            case "expired":
                return Provider.CognitoAccessToken("sub-refused", SignInFixture.ClientId, lifetime: TimeSpan.FromMinutes(-5));
            case "tampered":
                // The same signature over a payload that now claims the admin group for someone else.
                var payload = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1]))))!.AsObject();
                payload["sub"] = "someone-else";
                return $"{parts[0]}.{FakeOpenIdProvider.Base64Url(payload)}.{parts[2]}";
            case "alg none":
                var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
                return $"{FakeOpenIdProvider.Base64Url(header)}.{parts[1]}.";
            case "forged with the published key id":
                return FakeOpenIdProvider.SignWithUnpublishedKey(
                    Provider.Claims("sub-refused", extra: new JsonObject { ["client_id"] = SignInFixture.ClientId }), Provider.CurrentKeyId);
            case "unknown key":
                return FakeOpenIdProvider.SignWithUnpublishedKey(
                    Provider.Claims("sub-refused", extra: new JsonObject { ["client_id"] = SignInFixture.ClientId }), "never-published");

            case "id token":
                var id = Provider.Claims("sub-refused", extra: new JsonObject { ["aud"] = SignInFixture.ClientId, ["token_use"] = "id" });
                return Provider.Sign(id);
            case "id token of another provider":
                // No token_use, no scope: an ID token whose aud is the web client, as most providers make them.
                return Provider.Sign(Provider.Claims("sub-refused", extra: new JsonObject { ["aud"] = SignInFixture.ClientId, ["nonce"] = "n-0S6_WzA2Mj" }));
            case "cognito token of another app client":
                return Provider.CognitoAccessToken("sub-refused", "another-app-client", [SignInFixture.AdminGroup]);
            case "cognito token naming no client":
                return Provider.Sign(Provider.Claims("sub-refused", extra: new JsonObject { ["token_use"] = "access", ["scope"] = "openid" }));
            case "no subject":
                var anonymous = Provider.Claims("x", extra: new JsonObject { ["client_id"] = SignInFixture.ClientId });
                anonymous.Remove("sub");
                return Provider.Sign(anonymous);
            case "not a jwt":
                return "definitely-not-a-token";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

    [Fact]
    public async Task A_readers_writes_answer_403_and_change_nothing()
    {
        fixture.Base.GitHub.AddUser("reader-target");
        using var reader = fixture.ClientFor("reader-1", "Ada Reader");

        var add = await reader.PostAsJsonAsync("/api/users", new { username = "reader-target" });
        var sync = await reader.PostAsync("/api/sync", null);

        await ProblemAssert.IsProblemAsync(add, HttpStatusCode.Forbidden, "'admins' group");
        await ProblemAssert.IsProblemAsync(sync, HttpStatusCode.Forbidden, "'admins' group");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/users")).StatusCode); // a reader reads
        await ProblemAssert.IsProblemAsync(await reader.GetAsync("/api/users/reader-target"), HttpStatusCode.NotFound, "not tracked");
    }

    [Fact]
    public async Task An_admins_add_answers_201_and_records_the_person_on_the_user_and_in_the_activity()
    {
        fixture.Base.GitHub.AddUser("admin-added");
        using var admin = fixture.ClientFor("admin-1", "grace", SignInFixture.AdminGroup);

        var response = await admin.PostAsJsonAsync("/api/users", new { username = "admin-added" });
        var created = await ProblemAssert.JsonAsync(response, HttpStatusCode.Created);
        var read = await admin.GetFromJsonAsync<JsonElement>("/api/users/admin-added");
        var removed = await admin.DeleteAsync("/api/users/admin-added");
        var activity = await admin.GetFromJsonAsync<JsonElement>("/api/activity");

        foreach (var user in new[] { created, read })
        {
            var addedBy = user.GetProperty("addedBy");
            Assert.Equal("person", addedBy.GetProperty("kind").GetString());
            Assert.Equal("admin-1", addedBy.GetProperty("subject").GetString());
            Assert.Equal("grace", addedBy.GetProperty("name").GetString()); // from userinfo: Cognito's access token names nobody
        }

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var mine = activity.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("username").GetString() == "admin-added").ToList();
        Assert.Equal(["userRemoved", "userAdded"], mine.Select(e => e.GetProperty("action").GetString()));
        Assert.All(mine, e => Assert.Equal("admin-1", e.GetProperty("actor").GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task A_persons_name_is_asked_of_userinfo_once_and_a_token_cannot_make_itself_admin()
    {
        fixture.Base.GitHub.AddUser("named-once");
        fixture.Base.GitHub.AddUser("smuggler-target");
        using var admin = fixture.ClientFor("admin-named", "Grace Named", SignInFixture.AdminGroup);
        var before = Provider.UserInfoRequests;

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { username = "named-once" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/users/named-once")).StatusCode);
        Assert.Equal("Grace Named", (await admin.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("name").GetString());
        Assert.Equal(before + 1, Provider.UserInfoRequests); // remembered for the hour

        // Role claims of the API's own kind, or .NET's, are not the group claim: no admin.
        var smuggled = Provider.Claims("smuggler", extra: new JsonObject
        {
            ["client_id"] = SignInFixture.ClientId,
            ["token_use"] = "access",
            ["gistcloud:role"] = "admin",
            ["http://schemas.microsoft.com/ws/2008/06/identity/claims/role"] = "admin",
            ["role"] = "admin",
        });
        using var smuggler = fixture.WithToken(Provider.Sign(smuggled));
        await ProblemAssert.IsProblemAsync(await smuggler.PostAsJsonAsync("/api/users", new { username = "smuggler-target" }), HttpStatusCode.Forbidden, "'admins' group");
    }

    [Fact]
    public async Task The_api_key_still_writes_for_scripts_and_is_recorded_as_the_api_key()
    {
        fixture.Base.GitHub.AddUser("scripted");
        using var script = fixture.Api.CreateClient();
        script.DefaultRequestHeaders.Add("X-Api-Key", GistCloudApiFactory.AdminKey);

        var created = await ProblemAssert.JsonAsync(await script.PostAsJsonAsync("/api/users", new { username = "scripted" }), HttpStatusCode.Created);
        var list = await script.GetAsync("/api/users");

        Assert.Equal("apiKey", created.GetProperty("addedBy").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("addedBy").GetProperty("subject").ValueKind);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Theory]
    [InlineData("Origin", "https://gistcloud.example")]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    public async Task The_api_key_is_refused_from_a_browser(string header, string value)
    {
        using var browser = fixture.Api.CreateClient();
        browser.DefaultRequestHeaders.Add("X-Api-Key", GistCloudApiFactory.AdminKey);
        browser.DefaultRequestHeaders.Add(header, value);

        var response = await browser.PostAsJsonAsync("/api/users", new { username = "from-a-page" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "in a browser, sign in");
    }

    [Fact]
    public async Task A_manual_sync_records_who_asked_on_the_run()
    {
        using var admin = fixture.ClientFor("admin-sync", "Grace Sync", SignInFixture.AdminGroup);

        var started = await ProblemAssert.JsonAsync(await admin.PostAsync("/api/sync", null), HttpStatusCode.Accepted);
        var runId = started.GetProperty("runId").GetString();
        var run = await admin.GetFromJsonAsync<JsonElement>($"/api/sync/runs/{runId}");

        var requestedBy = run.GetProperty("requestedBy");
        Assert.Equal("person", requestedBy.GetProperty("kind").GetString());
        Assert.Equal("admin-sync", requestedBy.GetProperty("subject").GetString());
        var activity = await admin.GetFromJsonAsync<JsonElement>("/api/activity");
        Assert.Contains(activity.GetProperty("items").EnumerateArray(), e =>
            e.GetProperty("action").GetString() == "syncRequested" && e.GetProperty("runId").GetString() == runId);
    }

    [Fact]
    public async Task The_viewer_is_the_person_so_new_follows_them_to_another_browser()
    {
        fixture.Base.GitHub.AddUser("followed");
        fixture.Base.GitHub.AddGists("followed", 3);
        using (var admin = fixture.ClientFor("admin-follow", null, SignInFixture.AdminGroup))
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { username = "followed" })).StatusCode);
        }

        // Two browsers of one person (each with its own random X-Viewer-Id, which sign-in makes irrelevant), and someone else.
        using var laptop = fixture.ClientFor("person-a", "Ada");
        laptop.DefaultRequestHeaders.Add("X-Viewer-Id", Guid.NewGuid().ToString());
        using var phone = fixture.ClientFor("person-a", "Ada");
        phone.DefaultRequestHeaders.Add("X-Viewer-Id", Guid.NewGuid().ToString());
        using var colleague = fixture.ClientFor("person-b", "Bob");

        Assert.Equal(3, (await laptop.GetFromJsonAsync<JsonElement>("/api/users/followed")).GetProperty("newCount").GetInt64());
        var marked = await laptop.PostAsJsonAsync("/api/users/followed/seen", new { all = true });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        Assert.Equal(0, (await phone.GetFromJsonAsync<JsonElement>("/api/users/followed")).GetProperty("newCount").GetInt64());
        Assert.Equal(3, (await colleague.GetFromJsonAsync<JsonElement>("/api/users/followed")).GetProperty("newCount").GetInt64());
    }

    [Fact]
    public async Task Me_says_who_the_caller_is_and_whether_they_may_write()
    {
        using var admin = fixture.ClientFor("me-admin", "Grace", SignInFixture.AdminGroup);
        using var reader = fixture.ClientFor("me-reader", "Ada");

        var asAdmin = await admin.GetFromJsonAsync<JsonElement>("/api/me");
        var asReader = await reader.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(("person", "me-admin", "Grace", true, true), Me(asAdmin));
        Assert.Equal(("person", "me-reader", "Ada", false, true), Me(asReader));
    }

    internal static (string?, string?, string?, bool, bool) Me(JsonElement me) => (
        me.GetProperty("kind").GetString(), me.GetProperty("subject").GetString(), me.GetProperty("name").GetString(),
        me.GetProperty("isAdmin").GetBoolean(), me.GetProperty("signInEnabled").GetBoolean());

    [Fact]
    public async Task A_rotated_key_is_fetched_once_and_then_served_from_the_cache()
    {
        // Its own provider and API, so no other test's tokens move the fetch count.
        await using var provider = await FakeOpenIdProvider.StartAsync();
        await using var api = fixture.Base.WithWebHostBuilder(b => SignInFixture.SignInOn(b, provider));
        using var client = api.CreateClient();
        async Task<HttpStatusCode> CallAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Authorization = new("Bearer", provider.CognitoAccessToken("rotating", SignInFixture.ClientId));
            return (await client.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await CallAsync());
        Assert.Equal(HttpStatusCode.OK, await CallAsync());
        Assert.Equal(1, provider.JwksRequests); // cached

        // A token naming a key id the API has not seen makes JwtBearer ask for the keys again; that call itself is
        // refused (the refresh serves the next ones), which the web app's one retry after a 401 absorbs.
        provider.RotateKey(retireOld: true);
        await TestClock.WaitUntilAsync(async () => await CallAsync() == HttpStatusCode.OK, "a token signed with the new key was accepted");
        Assert.Equal(HttpStatusCode.OK, await CallAsync());
        Assert.Equal(2, provider.JwksRequests);
    }

    [Fact]
    public async Task The_openapi_document_declares_the_bearer_and_the_key_on_every_api_call()
    {
        using var client = fixture.Api.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var isApi = path.Name.StartsWith("/api", StringComparison.Ordinal);
                var security = operation.Value.TryGetProperty("security", out var s) ? s.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList() : [];
                Assert.True(isApi ? security.SequenceEqual(["Bearer", "ApiKey"]) : security.Count == 0, $"{operation.Name} {path.Name}: [{string.Join(", ", security)}]");
                Assert.Equal(isApi, operation.Value.GetProperty("responses").TryGetProperty("401", out _));
            }
        }

        var add = document.GetProperty("paths").GetProperty("/api/users").GetProperty("post").GetProperty("responses");
        Assert.True(add.TryGetProperty("403", out _));
    }
}
