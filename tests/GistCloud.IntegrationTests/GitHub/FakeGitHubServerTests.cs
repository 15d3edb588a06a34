using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GistCloud.Fakes.GitHub;

namespace GistCloud.IntegrationTests.GitHub;

/// <summary>The fake itself behaves like GitHub where the reader and the demo rely on it (raw HTTP, no Octokit).</summary>
public sealed class FakeGitHubServerTests : IAsyncLifetime, IDisposable
{
    private FakeGitHubServer _github = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync(new FakeGitHubServerOptions { RequiredToken = "good" });
        _http = new HttpClient { BaseAddress = _github.BaseUrl };
    }

    public async Task DisposeAsync() => await _github.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Pages_carry_GitHub_style_Link_headers_built_from_the_request_url()
    {
        _github.AddUser("octocat");
        for (var i = 0; i < 5; i++)
        {
            _github.AddGist("octocat", createdAt: DateTimeOffset.UtcNow.AddMinutes(-i));
        }

        using var response = await _http.GetAsync(new Uri("users/octocat/gists?per_page=2&page=2", UriKind.Relative));

        var link = string.Join(",", response.Headers.GetValues("Link"));
        var url = $"{_github.BaseUrl}users/octocat/gists?per_page=2&page=";
        Assert.Equal($"<{url}1>; rel=\"prev\", <{url}3>; rel=\"next\", <{url}3>; rel=\"last\", <{url}1>; rel=\"first\"", link);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetArrayLength());
        Assert.False(body.RootElement[0].GetProperty("files").EnumerateObject().First().Value.TryGetProperty("content", out _));
    }

    [Fact]
    public async Task Unknown_users_and_their_gists_are_404_with_GitHubs_body()
    {
        using var user = await _http.GetAsync(new Uri("users/ghost", UriKind.Relative));
        using var gists = await _http.GetAsync(new Uri("users/ghost/gists", UriKind.Relative));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (user.StatusCode, gists.StatusCode));
        using var body = JsonDocument.Parse(await user.Content.ReadAsStringAsync());
        Assert.Equal("Not Found", body.RootElement.GetProperty("message").GetString());
        Assert.Equal("https://docs.github.com/rest", body.RootElement.GetProperty("documentation_url").GetString());
    }

    [Fact]
    public async Task An_ETag_changes_with_the_content_and_a_match_is_a_304_free_only_with_a_token()
    {
        _github.AddUser("octocat");
        var gist = _github.AddGist("octocat", description: "v1");
        var etag = (await Get("users/octocat/gists", token: "good")).Headers.ETag!.ToString();

        var anonymous304 = await Get("users/octocat/gists", ifNoneMatch: etag);
        var authenticated304 = await Get("users/octocat/gists", token: "good", ifNoneMatch: etag);
        _github.UpdateGist(gist.Id, description: "v2");
        var changed = await Get("users/octocat/gists", token: "good", ifNoneMatch: etag);

        Assert.Equal(HttpStatusCode.NotModified, anonymous304.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, authenticated304.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.ToString());
        Assert.Equal([true, true, false, true], _github.Requests.Select(r => r.CountedAgainstRateLimit));
        Assert.Equal("59", anonymous304.Headers.GetValues("x-ratelimit-remaining").Single());
        Assert.Equal("4998", changed.Headers.GetValues("x-ratelimit-remaining").Single());
    }

    [Fact]
    public async Task A_wrong_token_is_401_Bad_credentials()
    {
        _github.AddUser("octocat");

        using var response = await Get("users/octocat", token: "bad");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bad credentials", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(_github.Requests.Single().HasAuthorization);
    }

    [Fact]
    public async Task An_exhausted_limit_answers_with_remaining_0_and_the_reset_time()
    {
        _github.AddUser("octocat");
        var reset = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds());
        _github.SetRateLimitRemaining(0, exhaustedStatus: 429, resetAt: reset);

        using var response = await Get("users/octocat");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("0", response.Headers.GetValues("x-ratelimit-remaining").Single());
        Assert.Equal(reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("x-ratelimit-reset").Single());
        Assert.Contains("rate limit exceeded", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> Get(string path, string? token = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await _http.SendAsync(request);
    }
}
