using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GistCloud.IntegrationTests.Api;

/// <summary>The API serves the built SPA from a folder (Site:Root) without ever hiding its own 404s.</summary>
public sealed class SiteTests : IClassFixture<GistCloudApiFactory>, IDisposable
{
    private const string IndexHtml = "<!doctype html><title>GistCloud</title><div id=\"app\"></div>";
    private readonly GistCloudApiFactory _app;
    private readonly string _dist = Directory.CreateTempSubdirectory("gistcloud-site-").FullName;
    private readonly WebApplicationFactory<Program> _site;

    public SiteTests(GistCloudApiFactory app)
    {
        _app = app;
        File.WriteAllText(Path.Combine(_dist, "index.html"), IndexHtml);
        Directory.CreateDirectory(Path.Combine(_dist, "assets"));
        File.WriteAllText(Path.Combine(_dist, "assets", "app-1a2b3c.js"), "console.log('hi')");
        _site = app.WithWebHostBuilder(b => b.UseSetting("Site:Root", _dist));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/users/octocat")]
    [InlineData("/sync")]
    public async Task The_app_and_its_deep_links_are_answered_with_index_html(string path)
    {
        using var client = _site.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(IndexHtml, await response.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Fingerprinted_assets_are_served_and_cached_for_good()
    {
        using var client = _site.CreateClient();

        var response = await client.GetAsync("/assets/app-1a2b3c.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("console.log('hi')", await response.Content.ReadAsStringAsync());
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/nope", "No API call matches GET /api/nope")]
    [InlineData("/api/users/nobody-here", "not tracked")]
    [InlineData("/health/nope", "No API call matches")]
    [InlineData("/openapi/nope", "No API call matches")]
    public async Task Api_paths_keep_their_404_problems(string path, string detail)
    {
        using var client = _site.CreateClient();

        await ProblemAssert.IsProblemAsync(await client.GetAsync(path), HttpStatusCode.NotFound, detail);
    }

    [Fact]
    public async Task A_missing_asset_is_404_not_index_html()
    {
        using var client = _site.CreateClient();

        var response = await client.GetAsync("/assets/x.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<title>GistCloud</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_to_unknown_paths_are_not_answered_with_the_app()
    {
        using var client = _site.CreateClient();

        var response = await client.PostAsync("/users/octocat", content: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_built_app_the_api_still_runs_and_says_so_once()
    {
        var empty = Directory.CreateTempSubdirectory("gistcloud-nosite-").FullName;
        using var apiOnly = _app.WithWebHostBuilder(b => b.UseSetting("Site:Root", empty));
        using var client = apiOnly.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/users/octocat")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Single(_app.Logs.Lines, line => line.Contains("No web app at " + empty, StringComparison.Ordinal));
        Directory.Delete(empty);
    }

    public void Dispose()
    {
        _site.Dispose();
        Directory.Delete(_dist, recursive: true);
    }
}
