using GistCloud.Core.Http;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.GitHub;

/// <summary>The rules data annotations cannot say: an absolute http(s) base URL, and timeouts that fit together.</summary>
internal sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        var failures = new List<string>();

        if (!HttpPeerRules.IsHttpUrl(options.BaseUrl))
        {
            failures.Add(
                $"{GitHubOptions.SectionName}:{nameof(GitHubOptions.BaseUrl)} must be an absolute http or https URL " +
                $"such as https://api.github.com/, but is '{options.BaseUrl}'.");
        }

        if (HttpPeerRules.TimeoutsFit(GitHubOptions.SectionName, options.TotalTimeout, options.AttemptTimeout) is { } timeouts)
        {
            failures.Add(timeouts);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void EnsureTrailingSlash(GitHubOptions options) => options.BaseUrl = HttpPeerRules.WithTrailingSlash(options.BaseUrl)!;
}
