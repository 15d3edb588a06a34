using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GistCloud.Fakes.Pipedrive;

/// <summary><c>POST /api/v2/activities</c> with v2's validation: <c>person_id</c> is read-only, participants link persons.</summary>
internal static class FakePipedriveActivities
{
    public static FakePipedriveAnswer Create(FakePipedriveData data, FakePipedriveCall call)
    {
        var body = call.Body ?? [];
        if (body.ContainsKey("person_id"))
        {
            return FakePipedriveAnswer.BadRequest("Validation failed: person_id: Parameter is read-only, use participants");
        }

        var activeTypes = data.ActivityTypes.Where(t => t.Active).Select(t => t.KeyString).ToList();
        var type = FakePipedriveJson.String(body, "type") ?? activeTypes.FirstOrDefault() ?? "task";
        if (!activeTypes.Contains(type))
        {
            return FakePipedriveAnswer.BadRequest($"Validation failed: type: Activity type '{type}' does not exist or is not active");
        }

        var dueDate = FakePipedriveJson.String(body, "due_date");
        if (dueDate is not null && !DateOnly.TryParseExact(dueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return FakePipedriveAnswer.BadRequest("Validation failed: due_date: must be a date in format YYYY-MM-DD");
        }

        if (body["done"] is { } done && done.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return FakePipedriveAnswer.BadRequest("Validation failed: done: must be a boolean");
        }

        if (!TryReadParticipants(data, body["participants"], out var participants, out var error))
        {
            return FakePipedriveAnswer.BadRequest(error);
        }

        var activity = data.CreateActivity(
            FakePipedriveJson.String(body, "subject"),
            type,
            dueDate,
            FakePipedriveJson.String(body, "note"),
            body["done"]?.GetValue<bool>() ?? false,
            participants);
        return FakePipedriveAnswer.Creation(FakePipedriveJson.Activity(activity));
    }

    private static bool TryReadParticipants(FakePipedriveData data, JsonNode? node, out List<FakeParticipant> participants, out string error)
    {
        participants = [];
        error = "";
        if (node is null)
        {
            return true;
        }

        if (node is not JsonArray array)
        {
            error = "Validation failed: participants: must be an array";
            return false;
        }

        foreach (var item in array)
        {
            if (FakePipedriveJson.Long(item as JsonObject, "person_id") is not { } personId)
            {
                error = "Validation failed: participants: each needs a person_id";
                return false;
            }

            if (data.FindPerson(personId) is null)
            {
                error = $"Person with id {personId} not found";
                return false;
            }

            participants.Add(new FakeParticipant(personId, item?["primary"]?.GetValueKind() == JsonValueKind.True));
        }

        if (participants.Count(p => p.Primary) > 1)
        {
            error = "Validation failed: participants: only one participant can be primary";
            return false;
        }

        return true;
    }
}
