using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GistCloud.IntegrationTests.Api;

/// <summary>Every kind of answer carries the security headers; the API's are never cached; Kestrel names no server.</summary>
public sealed class SecurityHeadersTests : IClassFixture<GistCloudApiFactory>, IDisposable
{
    private readonly GistCloudApiFactory _app;
    private readonly string _dist = Directory.CreateTempSubdirectory("gistcloud-headers-").FullName;
    private readonly WebApplicationFactory<Program> _site;

    public SecurityHeadersTests(GistCloudApiFactory app)
    {
        _app = app;
        File.WriteAllText(Path.Combine(_dist, "index.html"), "<!doctype html><title>GistCloud</title>");
        Directory.CreateDirectory(Path.Combine(_dist, "assets"));
        File.WriteAllText(Path.Combine(_dist, "assets", "app-1a2b3c.js"), "console.log('hi')");
        _site = app.WithWebHostBuilder(b => b.UseSetting("Site:Root", _dist));
    }

    [Theory]
    [InlineData("GET", "/health", HttpStatusCode.OK)]
    [InlineData("GET", "/api/users", HttpStatusCode.OK)]
    [InlineData("GET", "/api/users?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/users/nobody-at-all", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/users", HttpStatusCode.Unauthorized)]
    [InlineData("PUT", "/api/users", HttpStatusCode.MethodNotAllowed)]
    public async Task Api_answers_forbid_everything_and_are_not_stored(string method, string path, HttpStatusCode status)
    {
        using var client = _site.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        AssertCommonHeaders(response);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", Csp(response));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/", "no-cache")]
    [InlineData("/users/octocat", "no-cache")]
    [InlineData("/assets/app-1a2b3c.js", "public, max-age=31536000, immutable")]
    public async Task The_spa_and_its_deep_links_get_the_site_policy_and_keep_their_caching(string path, string caching)
    {
        using var client = _site.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCommonHeaders(response);
        var csp = Csp(response);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: https://avatars.githubusercontent.com", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal(caching, response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("https://api.github.com/", "img-src 'self' data: https://avatars.githubusercontent.com;")]
    [InlineData("http://127.0.0.1:5301/", "img-src 'self' data: https://avatars.githubusercontent.com http://127.0.0.1:5301;")]
    [InlineData("https://ghe.example.com/api/v3/", "img-src 'self' data: https://avatars.githubusercontent.com https://ghe.example.com;")]
    public async Task The_site_policy_lets_images_come_from_the_configured_GitHub_when_it_is_not_githubs_api(string baseUrl, string imgSrc)
    {
        using var site = _site.WithWebHostBuilder(b => b.UseSetting("GitHub:BaseUrl", baseUrl));
        using var client = site.CreateClient();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Csp(response);
        Assert.Contains(imgSrc, csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_docs_page_allows_its_one_inline_script_by_hash_and_nothing_else_inline()
    {
        using var client = _app.CreateClient();

        var page = await client.GetAsync("/docs/");
        var script = await client.GetAsync("/docs/scalar.js");
        var document = await client.GetAsync("/openapi/v1.json");

        AssertCommonHeaders(page);
        var csp = Csp(page);
        Assert.Matches("script-src 'self' 'sha256-[A-Za-z0-9+/=]{44}';", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        AssertCommonHeaders(script);
        AssertCommonHeaders(document);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", Csp(document));
    }

    [Fact]
    public async Task Kestrel_sends_no_server_header()
    {
        using var kestrel = _app.WithWebHostBuilder(_ => { });
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClient();

        var response = await client.GetAsync("/health");
        var problem = await client.PostAsJsonAsync("/api/users", new { username = "x" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), string.Join(", ", response.Headers.Server));
        Assert.False(problem.Headers.Contains("Server"));
        AssertCommonHeaders(response);
        AssertCommonHeaders(problem);
    }

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Contains("frame-ancestors 'none'", Csp(response), StringComparison.Ordinal);
    }

    private static string Csp(HttpResponseMessage response) => Single(response, "Content-Security-Policy");

    private static string Single(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : []);

    public void Dispose()
    {
        _site.Dispose();
        Directory.Delete(_dist, recursive: true);
    }
}
