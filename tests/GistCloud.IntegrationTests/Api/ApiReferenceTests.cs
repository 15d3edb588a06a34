using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GistCloud.IntegrationTests.Api;

/// <summary>/docs works offline: Scalar's script is served by the API, and the page turns off everything that calls Scalar's cloud.</summary>
public sealed partial class ApiReferenceTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    private static readonly string[] RetryStatuses = ["429", "503"];

    [Fact]
    public async Task The_page_turns_off_vendor_fonts_ai_mcp_developer_toolbar_and_telemetry()
    {
        var configuration = ConfigurationOf(await PageAsync());

        Assert.False(configuration.GetProperty("withDefaultFonts").GetBoolean());
        Assert.True(configuration.GetProperty("agent").GetProperty("disabled").GetBoolean());
        Assert.True(configuration.GetProperty("mcp").GetProperty("disabled").GetBoolean());
        Assert.Equal("never", configuration.GetProperty("showDeveloperTools").GetString());
        Assert.False(configuration.GetProperty("telemetry").GetBoolean());
        Assert.DoesNotMatch(ExternalUrl(), configuration.GetRawText());
    }

    [Fact]
    public async Task Scripts_and_styles_come_from_the_api_itself()
    {
        var page = await PageAsync();
        var sources = AssetReference().Matches(page).Select(match => match.Groups["url"].Value).ToList();

        Assert.Contains("scalar.js", sources);
        Assert.DoesNotMatch(ExternalUrl(), page);
        using var client = app.CreateClient();
        foreach (var source in sources)
        {
            var response = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/docs/"), source));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/docs/{source}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("/api/users/{username}", "get", "path", "username")]
    [InlineData("/api/users/{username}/gists", "get", "path", "username")]
    [InlineData("/api/users/{username}", "delete", "path", "username")]
    [InlineData("/api/users/{username}/visits", "post", "path", "username")]
    [InlineData("/api/users/{username}/new", "get", "path", "username")]
    [InlineData("/api/users/{username}/seen", "post", "path", "username")]
    public async Task Usernames_carry_the_pattern_and_lengths(string path, string method, string location, string name)
    {
        var schema = Parameter(await DocumentAsync(), path, method, location, name).GetProperty("schema");

        Assert.Equal("^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$", schema.GetProperty("pattern").GetString());
        Assert.Equal(1, schema.GetProperty("minLength").GetInt32());
        Assert.Equal(39, schema.GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public async Task The_add_user_body_requires_a_username_with_the_same_rules()
    {
        var body = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("AddUserRequest");

        Assert.Contains("username", body.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var username = body.GetProperty("properties").GetProperty("username");
        Assert.Equal("^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$", username.GetProperty("pattern").GetString());
        Assert.Equal(39, username.GetProperty("maxLength").GetInt32());
    }

    [Theory]
    [InlineData("/api/users")]
    [InlineData("/api/users/{username}/gists")]
    [InlineData("/api/users/{username}/new")]
    [InlineData("/api/sync/runs")]
    public async Task Limits_and_cursors_carry_their_ranges(string path)
    {
        var document = await DocumentAsync();
        var limit = Parameter(document, path, "get", "query", "limit").GetProperty("schema");
        var cursor = Parameter(document, path, "get", "query", "cursor").GetProperty("schema");

        Assert.Equal("integer", limit.GetProperty("type").GetString());
        Assert.Equal(1, limit.GetProperty("minimum").GetInt32());
        Assert.Equal(100, limit.GetProperty("maximum").GetInt32());
        Assert.Equal(50, limit.GetProperty("default").GetInt32());
        Assert.Equal(2048, cursor.GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public async Task Ids_and_the_viewer_header_carry_their_formats()
    {
        var document = await DocumentAsync();

        Assert.Equal("^[0-9a-fA-F]{32}$", Parameter(document, "/api/users/{username}/visits/{visitId}", "get", "path", "visitId").GetProperty("schema").GetProperty("pattern").GetString());
        Assert.Equal("^[0-9a-fA-F]{32}$", Parameter(document, "/api/sync/runs/{runId}", "get", "path", "runId").GetProperty("schema").GetProperty("pattern").GetString());
        var viewer = Parameter(document, "/api/users/{username}/visits", "post", "header", "X-Viewer-Id");
        Assert.False(viewer.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Equal(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$",
            viewer.GetProperty("schema").GetProperty("pattern").GetString());
    }

    [Theory]
    [InlineData("/health", "get", "200")]
    [InlineData("/health/ready", "get", "200 503")]
    [InlineData("/api/users", "get", "200 400 503")]
    [InlineData("/api/users", "post", "201 400 401 404 409 413 415 502 503")]
    [InlineData("/api/users/{username}", "get", "200 400 404 503")]
    [InlineData("/api/users/{username}", "delete", "204 400 401 404 503")]
    [InlineData("/api/users/{username}/gists", "get", "200 400 404 503")]
    [InlineData("/api/users/{username}/visits", "post", "201 400 404 429 503")]
    [InlineData("/api/users/{username}/visits/{visitId}", "get", "200 400 404 503")]
    [InlineData("/api/users/{username}/new", "get", "200 400 404 503")]
    [InlineData("/api/users/{username}/seen", "post", "200 400 404 413 415 429 503")]
    [InlineData("/api/sync", "get", "200")]
    [InlineData("/api/sync", "post", "202 401 409 503")]
    [InlineData("/api/sync/runs", "get", "200 400 503")]
    [InlineData("/api/sync/runs/{runId}", "get", "200 400 404 503")]
    public async Task Every_operation_documents_every_status_it_can_answer(string path, string method, string statuses)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);
        var responses = operation.GetProperty("responses");

        Assert.Equal(statuses.Split(' ').Order(), responses.EnumerateObject().Select(r => r.Name).Order());
        foreach (var status in RetryStatuses.Where(status => responses.TryGetProperty(status, out _)))
        {
            Assert.True(responses.GetProperty(status).GetProperty("headers").TryGetProperty("Retry-After", out _), $"{method} {path} {status} has no Retry-After");
        }

        Assert.Equal(responses.TryGetProperty("401", out _), operation.TryGetProperty("security", out _));
    }

    [Theory]
    [InlineData("/api/users", "get")]
    [InlineData("/api/users/{username}", "get")]
    [InlineData("/api/users/{username}/gists", "get")]
    [InlineData("/api/users/{username}/new", "get")]
    [InlineData("/api/users/{username}/seen", "post")]
    public async Task The_per_viewer_calls_take_the_viewer_header_with_its_format(string path, string method)
    {
        var viewer = Parameter(await DocumentAsync(), path, method, "header", "X-Viewer-Id");

        Assert.Equal(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$",
            viewer.GetProperty("schema").GetProperty("pattern").GetString());
    }

    [Fact]
    public async Task The_per_viewer_fields_and_the_seen_body_are_described()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        Assert.True(schemas.GetProperty("UserResponse").GetProperty("properties").TryGetProperty("newCount", out _));
        Assert.True(schemas.GetProperty("UserResponse").GetProperty("properties").TryGetProperty("lastGistAt", out _));
        Assert.True(schemas.GetProperty("GistResponse").GetProperty("properties").TryGetProperty("isNew", out _));
        Assert.Equal(
            ["all", "gistIds", "throughSeq"],
            schemas.GetProperty("SeenRequest").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(
            ["gists", "latestSeq", "newCount", "nextCursor"],
            schemas.GetProperty("NewGistsResponse").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(
            ["latestSeq", "newCount"],
            schemas.GetProperty("SeenResponse").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Servers_never_echo_the_host_header()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Host = "evil.example";

        var document = await ProblemAssert.JsonAsync(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

        Assert.False(document.TryGetProperty("servers", out _), document.TryGetProperty("servers", out var servers) ? servers.GetRawText() : null);
    }

    [Fact]
    public async Task Servers_come_from_api_public_url()
    {
        using var configured = app.WithWebHostBuilder(b => b.UseSetting("Api:PublicUrl", "https://gistcloud.example/"));
        using var client = configured.CreateClient();
        client.DefaultRequestHeaders.Host = "evil.example";

        var document = await ProblemAssert.JsonAsync(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

        Assert.Equal("https://gistcloud.example", Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
    }

    [Fact]
    public void A_relative_public_url_fails_at_start_naming_the_key()
    {
        var error = app.StartupError(b => b.UseSetting("Api:PublicUrl", "/api"));

        Assert.Contains("Api:PublicUrl", error, StringComparison.Ordinal);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = app.CreateClient();
        return await ProblemAssert.JsonAsync(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
    }

    private static JsonElement Parameter(JsonElement document, string path, string method, string location, string name) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("in").GetString() == location && p.GetProperty("name").GetString() == name);

    private async Task<string> PageAsync()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The JSON object Scalar.AspNetCore passes to <c>initialize(path, dynamicBaseUrl, configuration, module)</c>.</summary>
    private static JsonElement ConfigurationOf(string page)
    {
        var match = InitializeCall().Match(page);
        Assert.True(match.Success, "no initialize(...) call on the page:\n" + page);
        return JsonDocument.Parse(match.Groups["json"].Value).RootElement.Clone();
    }

    [GeneratedRegex(@"initialize\(\s*'[^']*',\s*(?:true|false),\s*(?<json>\{.*\}),\s*'[^']*'\s*\)", RegexOptions.Singleline)]
    private static partial Regex InitializeCall();

    [GeneratedRegex(@"(?:src|href)\s*=\s*[""'](?<url>[^""']+)[""']")]
    private static partial Regex AssetReference();

    [GeneratedRegex(@"https?://", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
