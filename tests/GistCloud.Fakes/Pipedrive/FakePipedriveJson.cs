using System.Text.Json;
using System.Text.Json.Nodes;

namespace GistCloud.Fakes.Pipedrive;

/// <summary>The fake's items in Pipedrive's JSON shapes (snake_case, v2 timestamps in ISO 8601, v1 in "yyyy-MM-dd HH:mm:ss").</summary>
internal static class FakePipedriveJson
{
    private const long OwnerId = 1;

    public static object Person(FakePerson person) => new
    {
        id = person.Id,
        name = person.Name,
        owner_id = OwnerId,
        org_id = (long?)null,
        add_time = V2(person.AddTime),
        update_time = V2(person.AddTime),
        emails = Array.Empty<object>(),
        phones = Array.Empty<object>(),
        is_deleted = false,
        visible_to = 3,
    };

    public static object PersonSearchResult(FakePerson person) => new
    {
        result_score = 1.0,
        item = new
        {
            id = person.Id,
            type = "person",
            name = person.Name,
            phones = Array.Empty<string>(),
            emails = Array.Empty<string>(),
            primary_email = (string?)null,
            visible_to = 3,
            owner = new { id = OwnerId },
            organization = (object?)null,
            custom_fields = Array.Empty<object>(),
            notes = Array.Empty<object>(),
            update_time = V2(person.AddTime),
        },
    };

    public static object Activity(FakeActivity activity) => new
    {
        id = activity.Id,
        subject = activity.Subject,
        type = activity.Type,
        owner_id = OwnerId,
        is_deleted = false,
        add_time = V2(activity.AddTime),
        update_time = V2(activity.AddTime),
        deal_id = (long?)null,
        lead_id = (string?)null,
        person_id = activity.PersonId,
        org_id = (long?)null,
        due_date = activity.DueDate,
        due_time = (string?)null,
        duration = (string?)null,
        busy = false,
        done = activity.Done,
        participants = activity.Participants.Select(p => new { person_id = p.PersonId, primary = p.Primary }),
        attendees = Array.Empty<object>(),
        note = activity.Note,
    };

    public static object Deal(FakeDeal deal) => new
    {
        id = deal.Id,
        title = deal.Title,
        owner_id = OwnerId,
        person_id = deal.PersonId,
        org_id = (long?)null,
        pipeline_id = 1,
        stage_id = 1,
        value = 0,
        currency = "USD",
        status = deal.Status,
        is_deleted = false,
        add_time = V2(deal.AddTime),
        update_time = V2(deal.AddTime),
    };

    public static object Note(FakeNote note) => new
    {
        id = note.Id,
        content = note.Content,
        deal_id = note.DealId,
        person_id = note.PersonId,
        org_id = (long?)null,
        lead_id = (string?)null,
        user_id = OwnerId,
        active_flag = true,
        pinned_to_deal_flag = false,
        add_time = V1(note.AddTime),
        update_time = V1(note.AddTime),
    };

    public static object ActivityType(FakeActivityType type) => new
    {
        id = type.Id,
        order_nr = type.Id,
        name = type.Name,
        key_string = type.KeyString,
        icon_key = type.KeyString,
        active_flag = type.Active,
        color = (string?)null,
        is_custom_flag = false,
        add_time = "2020-01-01 00:00:00",
        update_time = (string?)null,
    };

    public static string? String(JsonObject? body, string name) =>
        body?[name] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    public static long? Long(JsonObject? body, string name) =>
        body?[name] is { } node && node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<long>(out var value) ? value : null;

    private static string V2(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string V1(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
