using GistCloud.Core.Http;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.GitHub;

/// <summary>The rules data annotations cannot say: an absolute http(s) base URL, and timeouts and retries within GitHub's limits.</summary>
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

        failures.AddRange(HttpPeerRules.Validate(GitHubOptions.SectionName, options, GitHubOptions.Limits));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void EnsureTrailingSlash(GitHubOptions options) => options.BaseUrl = HttpPeerRules.WithTrailingSlash(options.BaseUrl)!;
}
