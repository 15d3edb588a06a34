using GistCloud.Core.GitHub;

namespace GistCloud.UnitTests.GitHub;

public sealed class GitHubOptionsValidatorTests
{
    private readonly GitHubOptionsValidator _validator = new();

    [Theory]
    [InlineData("https://api.github.com/")]
    [InlineData("http://127.0.0.1:5081/")]
    public void An_absolute_http_or_https_BaseUrl_is_valid(string url)
    {
        Assert.True(_validator.Validate(null, new GitHubOptions { BaseUrl = new Uri(url) }).Succeeded);
    }

    [Theory]
    [InlineData("api/v3/")]
    [InlineData("file:///etc/passwd")]
    public void A_relative_or_non_http_BaseUrl_fails_naming_the_key(string url)
    {
        var result = _validator.Validate(null, new GitHubOptions { BaseUrl = new Uri(url, UriKind.RelativeOrAbsolute) });

        Assert.True(result.Failed);
        Assert.Contains("GitHub:BaseUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_TotalTimeout_shorter_than_AttemptTimeout_fails()
    {
        var result = _validator.Validate(null, new GitHubOptions { AttemptTimeout = TimeSpan.FromSeconds(20), TotalTimeout = TimeSpan.FromSeconds(10) });

        Assert.True(result.Failed);
        Assert.Contains("GitHub:TotalTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/")]
    [InlineData("https://api.github.com", "https://api.github.com/")]
    [InlineData("https://api.github.com/", "https://api.github.com/")]
    public void The_BaseUrl_gains_a_trailing_slash_so_relative_paths_keep_its_path(string configured, string expected)
    {
        var options = new GitHubOptions { BaseUrl = new Uri(configured) };

        GitHubOptionsValidator.EnsureTrailingSlash(options);

        Assert.Equal(expected, options.BaseUrl.AbsoluteUri);
    }
}
