namespace GistCloud.Core.Pipedrive;

/// <summary>Configuration section <c>Pipedrive</c>.</summary>
public sealed class PipedriveOptions
{
    public const string SectionName = "Pipedrive";

    /// <summary>API token; unset means publishing is disabled and gists are stored as <c>disabled</c>.</summary>
    public string? ApiToken { get; set; }

    /// <summary><c>https://&lt;company&gt;.pipedrive.com</c>, or a fake in tests.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>What one gist becomes in Pipedrive.</summary>
    public PipedriveMode Mode { get; set; } = PipedriveMode.Activity;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ApiToken);
}

public enum PipedriveMode
{
    Activity,
    Deal,
}
