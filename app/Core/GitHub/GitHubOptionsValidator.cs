using Microsoft.Extensions.Options;

namespace GistCloud.Core.GitHub;

/// <summary>The rules data annotations cannot say: an absolute http(s) base URL, and timeouts that fit together.</summary>
internal sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        var failures = new List<string>();

        if (options.BaseUrl is not { IsAbsoluteUri: true } url
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add(
                $"{GitHubOptions.SectionName}:{nameof(GitHubOptions.BaseUrl)} must be an absolute http or https URL " +
                $"such as https://api.github.com/, but is '{options.BaseUrl}'.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add(
                $"{GitHubOptions.SectionName}:{nameof(GitHubOptions.TotalTimeout)} ({options.TotalTimeout}) must be at least " +
                $"{GitHubOptions.SectionName}:{nameof(GitHubOptions.AttemptTimeout)} ({options.AttemptTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Relative URLs resolve against the base only when it ends with '/': "https://ghe/api/v3" would lose "v3".</summary>
    internal static void EnsureTrailingSlash(GitHubOptions options)
    {
        if (options.BaseUrl is { IsAbsoluteUri: true } url && !url.AbsolutePath.EndsWith('/'))
        {
            options.BaseUrl = new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri;
        }
    }
}
