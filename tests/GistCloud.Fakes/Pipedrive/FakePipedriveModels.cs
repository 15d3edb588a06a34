namespace GistCloud.Fakes.Pipedrive;

/// <summary>The kinds of item the fake stores, for counting creations.</summary>
public enum FakePipedriveKind
{
    Person,
    Activity,
    Deal,
    Note,
}

public sealed record FakePerson(long Id, string Name, DateTimeOffset AddTime);

/// <summary>An activity; <see cref="PersonId"/> is what v2 derives from the primary participant (it is read-only there).</summary>
public sealed record FakeActivity(
    long Id,
    string? Subject,
    string Type,
    string? DueDate,
    string? Note,
    bool Done,
    IReadOnlyList<FakeParticipant> Participants,
    DateTimeOffset AddTime)
{
    public long? PersonId => Participants.FirstOrDefault(p => p.Primary)?.PersonId ?? (Participants.Count > 0 ? Participants[0].PersonId : null);
}

public sealed record FakeParticipant(long PersonId, bool Primary);

public sealed record FakeDeal(long Id, string Title, long? PersonId, string Status, DateTimeOffset AddTime);

public sealed record FakeNote(long Id, string Content, long? DealId, long? PersonId, DateTimeOffset AddTime);

/// <summary>An activity type as <c>GET /api/v1/activityTypes</c> lists it; keys are per company.</summary>
public sealed record FakeActivityType(long Id, string Name, string KeyString, bool Active = true);
