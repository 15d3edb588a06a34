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
    internal static GistResponse From(Gist gist, PipedriveLinks links) => new(
        gist.Id, gist.Description, gist.HtmlUrl, gist.CreatedAt.ToUniversalTime(), gist.UpdatedAt.ToUniversalTime(),
        gist.DiscoveredAt.ToUniversalTime(),
        [.. gist.Files.Select(f => new GistFileResponse(f.Filename, f.Language, f.RawUrl, f.Size))],
        new PipedriveResponse(
            gist.Pipedrive.Status, gist.Pipedrive.ItemId, gist.Pipedrive.LastError, gist.Pipedrive.Attempts, links.MaxAttempts, links.ItemUrl(gist.Pipedrive)));

    /// <summary>The gist with whether it is new to the asking viewer.</summary>
    internal static GistResponse ForViewer(Gist gist, PipedriveLinks links, bool isNew) => From(gist, links) with { IsNew = isNew };
}

public sealed record GistFileResponse(string Filename, string? Language, string? RawUrl, long Size);

/// <param name="Status">Where the gist stands in the Pipedrive outbox.</param>
/// <param name="ItemId">The Pipedrive activity or deal, once published.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="Attempts">Publish attempts so far.</param>
/// <param name="MaxAttempts">Attempts a gist gets before it stays failed (Pipedrive__MaxAttempts): a failed gist with fewer attempts is retried by the next sync run.</param>
/// <param name="ItemUrl">The published deal in the Pipedrive web app ({Pipedrive__BaseUrl}/deal/{itemId}); null when not published, without a base URL, or for activities (Pipedrive has no documented page per activity: link the user's pipedrivePersonUrl).</param>
public sealed record PipedriveResponse(PublishStatus Status, long? ItemId, string? LastError, int Attempts, int? MaxAttempts = null, string? ItemUrl = null);
