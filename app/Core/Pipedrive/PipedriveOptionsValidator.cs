using Microsoft.Extensions.Options;

namespace GistCloud.Core.Pipedrive;

/// <summary>The rules data annotations cannot say: a usable base URL once a token is set, and timeouts that fit together.</summary>
internal sealed class PipedriveOptionsValidator : IValidateOptions<PipedriveOptions>
{
    private const string Section = PipedriveOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PipedriveOptions options)
    {
        var failures = new List<string>();

        // Without a token publishing is off, so a missing URL is not an error (gists are stored as disabled).
        if (options.IsEnabled
            && (options.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
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

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add(
                $"{Section}:{nameof(PipedriveOptions.TotalTimeout)} ({options.TotalTimeout}) must be at least " +
                $"{Section}:{nameof(PipedriveOptions.AttemptTimeout)} ({options.AttemptTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Relative API paths resolve against the base only when it ends with '/': a fake mounted under a path would lose it.</summary>
    internal static void EnsureTrailingSlash(PipedriveOptions options)
    {
        if (options.BaseUrl is { IsAbsoluteUri: true } url && !url.AbsolutePath.EndsWith('/'))
        {
            options.BaseUrl = new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri;
        }
    }
}
