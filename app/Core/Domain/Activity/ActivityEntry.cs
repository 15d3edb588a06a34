using System.Text.Json.Serialization;
using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.Users;

namespace GistCloud.Core.Domain.Activity;

/// <summary>A change someone made.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActivityAction>))]
public enum ActivityAction
{
    [JsonStringEnumMemberName("userAdded")]
    UserAdded,

    [JsonStringEnumMemberName("userRemoved")]
    UserRemoved,

    [JsonStringEnumMemberName("syncRequested")]
    SyncRequested,
}

/// <summary>One line of the activity log: who changed what, and when.</summary>
/// <param name="Username">The user added or removed; null for a sync request.</param>
/// <param name="RunId">The run a sync request started or queued; null otherwise.</param>
public sealed record ActivityEntry(DateTimeOffset At, ActivityAction Action, Actor Actor, GitHubUsername? Username = null, string? RunId = null);
