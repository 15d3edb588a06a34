using GistCloud.Core.Domain.Users;

namespace GistCloud.Core.Domain.Gists;

/// <summary>A public gist as GistCloud stored it.</summary>
/// <param name="Seq">The owner's discovery sequence number of this gist (1, 2, 3, … in the order GistCloud stored them).</param>
public sealed record Gist(
    string Id,
    GitHubUsername Owner,
    string? Description,
    string HtmlUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset DiscoveredAt,
    IReadOnlyList<GistFile> Files,
    PipedriveState Pipedrive,
    long Seq = 0);

public sealed record GistFile(string Filename, string? Language, string? RawUrl, long Size);

/// <summary>Where a gist stands in the Pipedrive outbox.</summary>
/// <param name="OutcomeUncertain">
/// An attempt began and its outcome is unknown (a crash, or a 5xx/timeout after sending): the item may exist in
/// Pipedrive, so the next attempt looks for it before creating.
/// </param>
public sealed record PipedriveState(
    PublishStatus Status,
    long? ItemId = null,
    string? LastError = null,
    int Attempts = 0,
    bool OutcomeUncertain = false);

public enum PublishStatus
{
    Pending,
    Published,
    Failed,

    /// <summary>No Pipedrive token is configured: the gist is stored but not published.</summary>
    Disabled,
}
