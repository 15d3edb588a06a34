using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;

namespace GistCloud.Api.Users;

/// <summary>Body of <c>POST /api/users</c>.</summary>
public sealed record AddUserRequest(string? Username);

/// <summary>A tracked user as the API shows it.</summary>
public sealed record UserResponse(
    string Username,
    string? DisplayName,
    string? AvatarUrl,
    string? HtmlUrl,
    DateTimeOffset AddedAt,
    DateTimeOffset? LastSyncedAt,
    long GistCount,
    UserStatus Status,
    string? LastError)
{
    public static UserResponse From(TrackedUser user) => new(
        user.Username.Value, user.DisplayName, user.AvatarUrl, user.HtmlUrl, user.AddedAt.ToUniversalTime(),
        user.LastSyncedAt?.ToUniversalTime(), user.GistCount, user.Status, user.LastError);
}

/// <summary>A stored gist as the API shows it.</summary>
public sealed record GistResponse(
    string Id,
    string? Description,
    string HtmlUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset DiscoveredAt,
    IReadOnlyList<GistFileResponse> Files,
    PipedriveResponse Pipedrive)
{
    public static GistResponse From(Gist gist) => new(
        gist.Id, gist.Description, gist.HtmlUrl, gist.CreatedAt.ToUniversalTime(), gist.UpdatedAt.ToUniversalTime(),
        gist.DiscoveredAt.ToUniversalTime(),
        [.. gist.Files.Select(f => new GistFileResponse(f.Filename, f.Language, f.RawUrl, f.Size))],
        new PipedriveResponse(gist.Pipedrive.Status, gist.Pipedrive.ItemId, gist.Pipedrive.LastError, gist.Pipedrive.Attempts));
}

public sealed record GistFileResponse(string Filename, string? Language, string? RawUrl, long Size);

/// <param name="Status">Where the gist stands in the Pipedrive outbox.</param>
/// <param name="ItemId">The Pipedrive activity or deal, once published.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="Attempts">Publish attempts so far.</param>
public sealed record PipedriveResponse(PublishStatus Status, long? ItemId, string? LastError, int Attempts);

/// <summary>One page of a list; pass <c>nextCursor</c> as <c>?cursor=</c> for the next (null on the last page).</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
