using System.Text.Json.Serialization;
using GistCloud.Core.Domain.Gists;

namespace GistCloud.Api.Gists;

/// <summary>A stored gist as the API shows it.</summary>
/// <param name="IsNew">Whether the asking viewer has not marked the gist seen; present only where the request carries X-Viewer-Id (the gist lists).</param>
public sealed record GistResponse(
    string Id,
    string? Description,
    string HtmlUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset DiscoveredAt,
    IReadOnlyList<GistFileResponse> Files,
    PipedriveResponse Pipedrive,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? IsNew = null)
{
    public static GistResponse From(Gist gist) => new(
        gist.Id, gist.Description, gist.HtmlUrl, gist.CreatedAt.ToUniversalTime(), gist.UpdatedAt.ToUniversalTime(),
        gist.DiscoveredAt.ToUniversalTime(),
        [.. gist.Files.Select(f => new GistFileResponse(f.Filename, f.Language, f.RawUrl, f.Size))],
        new PipedriveResponse(gist.Pipedrive.Status, gist.Pipedrive.ItemId, gist.Pipedrive.LastError, gist.Pipedrive.Attempts));

    /// <summary>The gist with whether it is new to the asking viewer.</summary>
    public static GistResponse ForViewer(Gist gist, bool isNew) => From(gist) with { IsNew = isNew };
}

public sealed record GistFileResponse(string Filename, string? Language, string? RawUrl, long Size);

/// <param name="Status">Where the gist stands in the Pipedrive outbox.</param>
/// <param name="ItemId">The Pipedrive activity or deal, once published.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="Attempts">Publish attempts so far.</param>
public sealed record PipedriveResponse(PublishStatus Status, long? ItemId, string? LastError, int Attempts);
