using GistCloud.Core.Users;

namespace GistCloud.Core.Gists;

/// <summary>A public gist as GistCloud stored it.</summary>
public sealed record Gist(
    string Id,
    GitHubUsername Owner,
    string? Description,
    string HtmlUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset DiscoveredAt,
    IReadOnlyList<GistFile> Files,
    PipedriveState Pipedrive);

public sealed record GistFile(string Filename, string? Language, string? RawUrl, long Size);

/// <summary>Where a gist stands in the Pipedrive outbox.</summary>
public sealed record PipedriveState(PublishStatus Status, long? ItemId = null, string? LastError = null, int Attempts = 0);

public enum PublishStatus
{
    Pending,
    Published,
    Failed,

    /// <summary>No Pipedrive token is configured: the gist is stored but not published.</summary>
    Disabled,
}
