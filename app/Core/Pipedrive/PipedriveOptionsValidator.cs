using GistCloud.Core.Http;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Pipedrive;

/// <summary>The rules data annotations cannot say: a usable base URL once a token is set, and timeouts and retries within Pipedrive's limits.</summary>
internal sealed class PipedriveOptionsValidator : IValidateOptions<PipedriveOptions>
{
    private const string Section = PipedriveOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PipedriveOptions options)
    {
        var failures = new List<string>();

        // Without a token publishing is off, so a missing URL is not an error (gists are stored as disabled).
        if (options.IsEnabled && !HttpPeerRules.IsHttpUrl(options.BaseUrl))
        {
            failures.Add(
                $"{Section}:{nameof(PipedriveOptions.BaseUrl)} (environment variable {Section}__{nameof(PipedriveOptions.BaseUrl)}) " +
                $"must be an absolute http or https URL such as https://yourcompany.pipedrive.com when {Section}:{nameof(PipedriveOptions.ApiToken)} " +
                $"is set, but is '{options.BaseUrl}'.");
        }

        if (options.ActivityType is { } type && string.IsNullOrWhiteSpace(type))
        {
            failures.Add($"{Section}:{nameof(PipedriveOptions.ActivityType)} must be an activity type key such as 'task', or unset.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{Section}:{nameof(PipedriveOptions.Mode)} must be 'activity' or 'deal', but is '{options.Mode}'.");
        }

        failures.AddRange(HttpPeerRules.Validate(Section, options, PipedriveOptions.Limits));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void EnsureTrailingSlash(PipedriveOptions options) => options.BaseUrl = HttpPeerRules.WithTrailingSlash(options.BaseUrl);
}
