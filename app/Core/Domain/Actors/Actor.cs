using System.Text.Json.Serialization;

namespace GistCloud.Core.Domain.Actors;

/// <summary>How a caller proved who they are.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActorKind>))]
public enum ActorKind
{
    /// <summary>A person signed in through the OpenID provider (a bearer token).</summary>
    [JsonStringEnumMemberName("person")]
    Person,

    /// <summary>A script holding the admin key (<c>X-Api-Key</c>).</summary>
    [JsonStringEnumMemberName("apiKey")]
    ApiKey,

    /// <summary>Nobody in particular: sign-in is off and writes are open.</summary>
    [JsonStringEnumMemberName("anonymous")]
    Anonymous,
}

/// <summary>
/// Who made a change (added or removed a user, asked for a sync run), as recorded with it: the token's subject and
/// display name for a person, nothing more for the API key or an open API.
/// </summary>
public sealed record Actor(ActorKind Kind, string? Subject = null, string? Name = null)
{
    /// <summary>Longest subject kept: OpenID Connect caps <c>sub</c> at 255 ASCII characters.</summary>
    public const int MaxSubjectLength = 255;

    /// <summary>Longest display name kept; longer names are cut.</summary>
    public const int MaxNameLength = 200;

    public static Actor ApiKey { get; } = new(ActorKind.ApiKey);

    public static Actor Anonymous { get; } = new(ActorKind.Anonymous);

    /// <summary>A signed-in person; the subject is required, the name optional and cut to <see cref="MaxNameLength"/>.</summary>
    public static Actor Person(string subject, string? name)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subject.Length, MaxSubjectLength, nameof(subject));
        var trimmed = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        return new Actor(ActorKind.Person, subject, trimmed is { Length: > MaxNameLength } ? trimmed[..MaxNameLength] : trimmed);
    }
}
