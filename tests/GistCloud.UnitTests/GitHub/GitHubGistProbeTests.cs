using System.Text.Json;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;

namespace GistCloud.UnitTests.GitHub;

public class GitHubGistProbeTests
{
    [Theory]
    [InlineData("https://api.github.com/", "https://api.github.com/graphql")]
    [InlineData("https://github.example.com/api/v3/", "https://github.example.com/api/graphql")]
    [InlineData("https://github.example.com/api/v3", "https://github.example.com/api/graphql")]
    [InlineData("https://example.com/ghe/API/V3/", "https://example.com/ghe/API/graphql")]
    [InlineData("http://127.0.0.1:5123/", "http://127.0.0.1:5123/graphql")]
    [InlineData("https://proxy.example.com/github/", "https://proxy.example.com/github/graphql")]
    public void The_GraphQL_endpoint_follows_the_REST_root(string baseUrl, string expected) =>
        Assert.Equal(new Uri(expected), new GitHubOptions { BaseUrl = new Uri(baseUrl) }.GraphQLUrl);

    [Fact]
    public void Logins_travel_as_variables_one_alias_each()
    {
        var request = GitHubGistProbe.BuildRequest([GitHubUsername.Parse("octocat"), GitHubUsername.Parse("Bob-2")]);

        Assert.Equal(new Dictionary<string, string> { ["l0"] = "octocat", ["l1"] = "bob-2" }, request.Variables);
        Assert.Contains("u0: user(login: $l0)", request.Query, StringComparison.Ordinal);
        Assert.Contains("u1: user(login: $l1)", request.Query, StringComparison.Ordinal);
        Assert.Contains("query GistProbe($l0: String!, $l1: String!)", request.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("octocat", request.Query, StringComparison.Ordinal);
        Assert.Contains("rateLimit { cost", request.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"gists":{"totalCount":3,"nodes":[{"name":"abc","updatedAt":"2026-11-01T10:00:00Z"}]}}""", "3|abc|2026-11-01T10:00:00Z")]
    [InlineData("""{"gists":{"totalCount":0,"nodes":[]}}""", "0")]
    [InlineData("""{"gists":{"totalCount":2,"nodes":[]}}""", null)] // a count without its newest gist is no signature
    [InlineData("""{"login":"x"}""", null)]
    public void A_signature_is_the_count_and_the_newest_gist(string json, string? expected)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(expected, GitHubGistProbe.Signature(document.RootElement));
    }
}
