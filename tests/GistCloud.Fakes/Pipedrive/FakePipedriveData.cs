namespace GistCloud.Fakes.Pipedrive;

/// <summary>
/// What the fake company holds: persons, activities, deals, notes and activity types, plus how many of each were
/// created through the API (seeded items do not count). Thread-safe: tests read it while the server answers.
/// </summary>
public sealed class FakePipedriveData(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<FakePerson> _persons = [];
    private readonly List<FakeActivity> _activities = [];
    private readonly List<FakeDeal> _deals = [];
    private readonly List<FakeNote> _notes = [];
    private readonly Dictionary<FakePipedriveKind, int> _created = [];
    private List<FakeActivityType> _activityTypes =
    [
        new(1, "Call", "call"),
        new(2, "Meeting", "meeting"),
        new(3, "Task", "task"),
        new(4, "Deadline", "deadline"),
        new(5, "Email", "email"),
    ];

    private long _nextId = 1;

    public IReadOnlyList<FakePerson> Persons => Snapshot(_persons);

    public IReadOnlyList<FakeActivity> Activities => Snapshot(_activities);

    public IReadOnlyList<FakeDeal> Deals => Snapshot(_deals);

    public IReadOnlyList<FakeNote> Notes => Snapshot(_notes);

    public IReadOnlyList<FakeActivityType> ActivityTypes => Snapshot(_activityTypes);

    /// <summary>How many items of <paramref name="kind"/> were created through the API (not seeded).</summary>
    public int Created(FakePipedriveKind kind)
    {
        lock (_lock)
        {
            return _created.GetValueOrDefault(kind);
        }
    }

    /// <summary>Replaces the company's activity types (e.g. one without <c>task</c>).</summary>
    public void SetActivityTypes(IEnumerable<FakeActivityType> types)
    {
        lock (_lock)
        {
            _activityTypes = types.ToList();
        }
    }

    /// <summary>Seeds a person that exists before the test (not counted as created).</summary>
    public FakePerson AddPerson(string name) => Add(_persons, id => new FakePerson(id, name, Now()), counted: null);

    /// <summary>Seeds an activity linked to <paramref name="personId"/> (not counted as created).</summary>
    public FakeActivity AddActivity(long personId, string subject, string? note = null, string type = "task") =>
        Add(_activities, id => new FakeActivity(id, subject, type, null, note, false, [new FakeParticipant(personId, true)], Now()), counted: null);

    /// <summary>
    /// Deletes a person (as a user deleting or merging it away in Pipedrive): it is no longer found, and activities or
    /// deals can no longer be linked to it. Its existing items stay. False when there was no such person.
    /// </summary>
    public bool RemovePerson(long id)
    {
        lock (_lock)
        {
            return _persons.RemoveAll(p => p.Id == id) > 0;
        }
    }

    internal FakePerson CreatePerson(string name) => Add(_persons, id => new FakePerson(id, name, Now()), FakePipedriveKind.Person);

    internal FakeActivity CreateActivity(string? subject, string type, string? dueDate, string? note, bool done, IReadOnlyList<FakeParticipant> participants) =>
        Add(_activities, id => new FakeActivity(id, subject, type, dueDate, note, done, participants, Now()), FakePipedriveKind.Activity);

    internal FakeDeal CreateDeal(string title, long? personId) =>
        Add(_deals, id => new FakeDeal(id, title, personId, "open", Now()), FakePipedriveKind.Deal);

    internal FakeNote CreateNote(string content, long? dealId, long? personId) =>
        Add(_notes, id => new FakeNote(id, content, dealId, personId, Now()), FakePipedriveKind.Note);

    internal FakePerson? FindPerson(long id) => Persons.FirstOrDefault(p => p.Id == id);

    internal FakeDeal? FindDeal(long id) => Deals.FirstOrDefault(d => d.Id == id);

    private T Add<T>(List<T> items, Func<long, T> create, FakePipedriveKind? counted)
    {
        lock (_lock)
        {
            var item = create(_nextId++);
            items.Add(item);
            if (counted is { } kind)
            {
                _created[kind] = _created.GetValueOrDefault(kind) + 1;
            }

            return item;
        }
    }

    private List<T> Snapshot<T>(List<T> items)
    {
        lock (_lock)
        {
            return items.ToList();
        }
    }

    // Pipedrive's timestamps have whole seconds.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
}
