using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Api;

/// <summary>HEAD wherever GET is: the GET's status and headers, no body, on a real Kestrel (which drops HEAD bodies).</summary>
public sealed class HeadTests : IClassFixture<GistCloudApiFactory>, IDisposable
{
    private readonly GistCloudApiFactory _app;
    private readonly string _dist = Directory.CreateTempSubdirectory("gistcloud-head-").FullName;
    private readonly WebApplicationFactory<Program> _kestrel;

    public HeadTests(GistCloudApiFactory app)
    {
        _app = app;
        File.WriteAllText(Path.Combine(_dist, "index.html"), "<!doctype html><title>GistCloud</title>");
        _kestrel = app.WithWebHostBuilder(b => b.UseSetting("Site:Root", _dist));
        _kestrel.UseKestrel(0);
        _kestrel.StartServer();
    }

    [Fact]
    public async Task Every_get_route_answers_head_with_the_gets_status_and_headers_and_no_body()
    {
        _app.GitHub.AddUser("header");
        _app.GitHub.AddGists("header", 2);
        await _app.TrackAsync("header");
        using var client = _kestrel.CreateClient();
        var visit = await ProblemAssert.JsonAsync(await client.PostAsync("/api/users/header/visits", null), HttpStatusCode.Created);
        var urls = new Dictionary<string, string>
        {
            ["/health"] = "/health",
            ["/health/ready"] = "/health/ready",
            ["/api/users"] = "/api/users?limit=1",
            ["/api/users/{username}"] = "/api/users/header",
            ["/api/users/{username}/gists"] = "/api/users/header/gists",
            ["/api/users/{username}/new"] = "/api/users/header/new",
            ["/api/users/{username}/visits/{visitId}"] = $"/api/users/header/visits/{visit.GetProperty("visitId").GetString()}",
            ["/api/sync"] = "/api/sync",
            ["/api/sync/runs"] = "/api/sync/runs",
            ["/api/sync/runs/{runId}"] = "/api/sync/runs/0195f4c2a7b87c3d9e0f112233445566",
            ["/api/activity"] = "/api/activity",
            ["/api/me"] = "/api/me",
            ["/openapi/{documentName}.json"] = "/openapi/v1.json",
        };
        // A new GET route fails here until it is listed above.
        Assert.Equal(urls.Keys.Order(), GetRoutes().Where(route => !route.StartsWith("/docs", StringComparison.Ordinal)).Order());

        foreach (var url in urls.Values.Concat(["/docs/", "/docs/scalar.js", "/", "/users/octocat", "/api/users/nobody-here", "/api/nothing"]))
        {
            var get = await client.GetAsync(url);
            var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

            Assert.True(get.StatusCode == head.StatusCode, $"HEAD {url}: {(int)head.StatusCode}, GET {(int)get.StatusCode}");
            Assert.NotEqual(HttpStatusCode.MethodNotAllowed, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal(get.Content.Headers.ContentType?.ToString(), head.Content.Headers.ContentType?.ToString());
            foreach (var name in new[] { "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control" })
            {
                Assert.Equal(Header(get, name), Header(head, name));
            }
        }
    }

    [Fact]
    public async Task Head_is_not_listed_as_a_second_operation_in_openapi()
    {
        using var client = _kestrel.CreateClient();

        var document = await ProblemAssert.JsonAsync(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            Assert.False(path.Value.TryGetProperty("head", out _), $"{path.Name} lists HEAD");
        }
    }

    private IEnumerable<string> GetRoutes() =>
        _kestrel.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(endpoint => "/" + endpoint.RoutePattern.RawText!.TrimStart('/'))
            .Select(route => route.Length > 1 ? route.TrimEnd('/') : route)
            .Distinct();

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    public void Dispose()
    {
        _kestrel.Dispose();
        Directory.Delete(_dist, recursive: true);
    }
}
