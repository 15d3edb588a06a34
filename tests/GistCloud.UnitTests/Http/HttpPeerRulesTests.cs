using GistCloud.Core.GitHub;
using GistCloud.Core.Http;
using GistCloud.Core.Pipedrive;

namespace GistCloud.UnitTests.Http;

public class HttpPeerRulesTests
{
    [Theory]
    [InlineData("https://api.github.com/", true)]
    [InlineData("http://127.0.0.1:5081/", true)]
    [InlineData("ftp://example.test/", false)]
    [InlineData("file:///etc/passwd", false)]
    public void Only_absolute_http_urls_are_peers(string url, bool expected) =>
        Assert.Equal(expected, HttpPeerRules.IsHttpUrl(new Uri(url)));

    [Fact]
    public void A_relative_url_is_not_a_peer() => Assert.False(HttpPeerRules.IsHttpUrl(new Uri("api/v3", UriKind.Relative)));

    [Fact]
    public void A_base_path_keeps_its_last_segment() =>
        Assert.Equal("https://ghe.example.test/api/v3/", HttpPeerRules.WithTrailingSlash(new Uri("https://ghe.example.test/api/v3"))!.ToString());

    [Fact]
    public void A_call_budget_shorter_than_one_attempt_fails_both_peers_validation()
    {
        var gitHub = new GitHubOptionsValidator().Validate(null, new GitHubOptions { TotalTimeout = TimeSpan.FromSeconds(5), AttemptTimeout = TimeSpan.FromSeconds(10) });
        var pipedrive = new PipedriveOptionsValidator().Validate(null, new PipedriveOptions { TotalTimeout = TimeSpan.FromSeconds(5), AttemptTimeout = TimeSpan.FromSeconds(10) });

        Assert.True(gitHub.Failed);
        Assert.Contains("GitHub:TotalTimeout (00:00:05) must be at least GitHub:AttemptTimeout (00:00:10)", gitHub.FailureMessage, StringComparison.Ordinal);
        Assert.True(pipedrive.Failed);
        Assert.Contains("Pipedrive:TotalTimeout", pipedrive.FailureMessage, StringComparison.Ordinal);
        Assert.True(new GitHubOptionsValidator().Validate(null, new GitHubOptions()).Succeeded);
    }
}
