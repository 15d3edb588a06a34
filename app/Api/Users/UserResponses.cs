using System.Text.Json.Serialization;
using GistCloud.Api.Gists;
using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.Users;

namespace GistCloud.Api.Users;

/// <summary>Body of <c>POST /api/users</c>.</summary>
public sealed record AddUserRequest(string? Username);

/// <summary>A tracked user as the API shows it.</summary>
/// <param name="LastGistAt">GitHub's createdAt of the user's newest stored gist; null until a gist is stored (users stored before this field have none until their next new gist).</param>
/// <param name="PipedrivePersonUrl">The user's Pipedrive person in the Pipedrive web app ({Pipedrive__BaseUrl}/person/{id}); null before the first publish or without a base URL.</param>
/// <param name="AddedBy">Who started tracking the user: a signed-in person (subject and name), the API key, or anonymous; absent for users added before it was recorded.</param>
/// <param name="NewCount">Gists of the user this viewer has not marked seen; present only when the request carries X-Viewer-Id.</param>
public sealed record UserResponse(
    string Username,
    string? DisplayName,
    string? AvatarUrl,
    string? HtmlUrl,
    DateTimeOffset AddedAt,
    DateTimeOffset? LastSyncedAt,
    long GistCount,
    UserStatus Status,
    string? LastError,
    DateTimeOffset? LastGistAt,
    string? PipedrivePersonUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? NewCount = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Actor? AddedBy = null)
{
    internal static UserResponse From(TrackedUser user, PipedriveLinks links) => new(
        user.Username.Value, user.DisplayName, user.AvatarUrl, user.HtmlUrl, user.AddedAt.ToUniversalTime(),
        user.LastSyncedAt?.ToUniversalTime(), user.GistCount, user.Status, user.LastError, user.LastGistAt?.ToUniversalTime(),
        links.PersonUrl(user.SyncState.PipedrivePersonId), AddedBy: user.AddedBy);

    /// <summary>The user with the count of gists <paramref name="newCount"/> new to the asking viewer.</summary>
    internal static UserResponse ForViewer(TrackedUser user, PipedriveLinks links, long newCount) => From(user, links) with { NewCount = newCount };
}
