using GistCloud.Core.GitHub;

namespace GistCloud.IntegrationTests.GitHub;

public sealed class GitHubReaderUserTests
{
    [Fact]
    public async Task Finding_an_existing_user_returns_the_profile_matching_the_login_case_insensitively()
    {
        await using var harness = await GitHubReaderHarness.StartAsync();
        harness.GitHub.AddUser("OctoCat", "The Octocat");
        harness.GitHub.AddGist("OctoCat");
        harness.GitHub.AddGist("OctoCat");

        var result = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        var profile = result.Value!;
        Assert.Equal("OctoCat", profile.Login);
        Assert.Equal("The Octocat", profile.Name);
        Assert.Equal(2, profile.PublicGists);
        Assert.Equal("https://github.com/OctoCat", profile.HtmlUrl);
        Assert.Equal($"{harness.GitHub.BaseUrl}avatars/OctoCat?v=4", profile.AvatarUrl);
        var request = Assert.Single(harness.GitHub.Requests);
        Assert.Equal(("GET", "/users/octocat", 200), (request.Method, request.Path, request.StatusCode));
    }

    [Fact]
    public async Task The_fake_serves_each_logins_avatar_itself_as_an_svg()
    {
        await using var harness = await GitHubReaderHarness.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(harness.GitHub.BaseUrl, "avatars/OctoCat?v=4"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg, StringComparison.Ordinal);
        Assert.Contains(">O</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finding_an_unknown_user_returns_NotFound_without_retrying()
    {
        await using var harness = await GitHubReaderHarness.StartAsync();

        var result = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("nobody-here"), CancellationToken.None);

        Assert.Equal(GitHubFailureKind.NotFound, result.Failure?.Kind);
        Assert.Contains("nobody-here", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(404, Assert.Single(harness.GitHub.Requests).StatusCode);
    }

    [Fact]
    public async Task Requests_go_to_the_base_url_exactly_as_configured_without_an_api_v3_prefix()
    {
        await using var harness = await GitHubReaderHarness.StartAsync();
        harness.GitHub.AddUser("octocat");

        await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);
        await harness.Reader.ListGistsAsync(GitHubReaderHarness.User("octocat"), new GistListingRequest(), CancellationToken.None);

        Assert.Equal(["/users/octocat", "/users/octocat/gists"], harness.GitHub.Requests.Select(r => r.Path));
        Assert.All(harness.GitHub.Requests, r => Assert.DoesNotContain("/api/v3", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_configured_token_is_sent_as_a_bearer_Authorization_header_and_gets_the_authenticated_limit()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(token: "ghp_test_token_123");
        harness.GitHub.AddUser("octocat");

        var listing = await harness.Reader.ListGistsAsync(GitHubReaderHarness.User("octocat"), new GistListingRequest(), CancellationToken.None);

        var request = Assert.Single(harness.GitHub.Requests);
        Assert.Equal("Bearer ghp_test_token_123", request.Authorization);
        Assert.StartsWith("GistCloud", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Equal(5_000, listing.Value!.RateLimit!.Limit);
        Assert.Equal(4_999, listing.Value.RateLimit.Remaining);
    }

    [Fact]
    public async Task Without_a_token_requests_are_anonymous_and_get_the_anonymous_limit()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(token: null);
        harness.GitHub.AddUser("octocat");

        var listing = await harness.Reader.ListGistsAsync(GitHubReaderHarness.User("octocat"), new GistListingRequest(), CancellationToken.None);

        Assert.False(Assert.Single(harness.GitHub.Requests).HasAuthorization);
        Assert.Equal(new GitHubRateLimit(60, 59, harness.GitHub.RateLimits.Peek().ResetAt), listing.Value!.RateLimit);
    }

    [Fact]
    public async Task A_rejected_token_is_Unavailable_with_a_message_that_does_not_contain_the_token()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(token: "ghp_wrong_token", requiredToken: "ghp_right_token");
        harness.GitHub.AddUser("octocat");

        var result = await harness.Reader.FindUserAsync(GitHubReaderHarness.User("octocat"), CancellationToken.None);

        Assert.Equal(GitHubFailureKind.Unavailable, result.Failure?.Kind);
        Assert.Contains("401", result.Failure!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_wrong_token", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(401, Assert.Single(harness.GitHub.Requests).StatusCode);
    }
}
