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
