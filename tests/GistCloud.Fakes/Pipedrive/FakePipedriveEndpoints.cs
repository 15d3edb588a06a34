using System.Globalization;
using System.Text;

namespace GistCloud.Fakes.Pipedrive;

/// <summary>The endpoints GistCloud uses, under <c>/api</c>, answering with Pipedrive's shapes and validation.</summary>
public static class FakePipedriveEndpoints
{
    private const int DefaultLimit = 100;

    /// <summary>Maps the fake under <c>/api/v1</c> and <c>/api/v2</c>; any other <c>/api</c> path answers Pipedrive's 404.</summary>
    public static RouteGroupBuilder MapFakePipedrive(this IEndpointRouteBuilder routes, FakePipedrive pipedrive)
    {
        ArgumentNullException.ThrowIfNull(pipedrive);
        var data = pipedrive.Data;
        var api = routes.MapGroup("/api");
        api.MapGet("/v1/activityTypes", Serve(pipedrive, _ => FakePipedriveAnswer.Ok(data.ActivityTypes.Select(FakePipedriveJson.ActivityType))));
        api.MapGet("/v2/persons/search", Serve(pipedrive, call => SearchPersons(pipedrive, call)));
        api.MapPost("/v2/persons", Serve(pipedrive, call => CreatePerson(data, call)));
        api.MapGet("/v2/persons/{id:long}", Serve(pipedrive, call => GetPerson(data, call)));
        api.MapPost("/v2/activities", Serve(pipedrive, call => FakePipedriveActivities.Create(data, call)));
        api.MapGet("/v2/activities", Serve(pipedrive, call => List(pipedrive, call, data.Activities, a => a.Id, a => a.PersonId, FakePipedriveJson.Activity)));
        api.MapPost("/v2/deals", Serve(pipedrive, call => CreateDeal(data, call)));
        api.MapGet("/v2/deals", Serve(pipedrive, call => List(pipedrive, call, data.Deals, d => d.Id, d => d.PersonId, FakePipedriveJson.Deal)));
        api.MapPost("/v1/notes", Serve(pipedrive, call => CreateNote(data, call)));
        api.MapGet("/v1/notes", Serve(pipedrive, call => ListNotes(pipedrive, call)));
        api.Map("/{**rest}", Serve(pipedrive, call => FakePipedriveAnswer.NotFound($"Unknown method {call.Method} {call.Path}")));
        return api;
    }

    private static RequestDelegate Serve(FakePipedrive pipedrive, Func<FakePipedriveCall, FakePipedriveAnswer> handle) =>
        context => pipedrive.Gate.ServeAsync(context, handle);

    private static FakePipedriveAnswer SearchPersons(FakePipedrive pipedrive, FakePipedriveCall call)
    {
        var term = call.Query["term"].ToString();
        var exact = call.Query["exact_match"] == "true";
        if (term.Length < (exact ? 1 : 2))
        {
            return FakePipedriveAnswer.BadRequest("Validation failed: term: must be at least 2 characters long (1 with exact_match)");
        }

        if (call.Query["fields"] is { Count: > 0 } fields && !fields.ToString().Split(',').Contains("name"))
        {
            return FakePipedriveAnswer.Ok(new { items = Array.Empty<object>() }, new { next_cursor = (string?)null });
        }

        // Pipedrive's exact match ignores case.
        var matches = pipedrive.Data.Persons
            .Where(p => exact ? string.Equals(p.Name, term, StringComparison.OrdinalIgnoreCase) : p.Name.Contains(term, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return Page(pipedrive, call, matches, p => p.Id, items => new { items = items.Select(FakePipedriveJson.PersonSearchResult) });
    }

    /// <summary><c>GET /api/v2/persons/{id}</c>: a deleted (or merged away) person is not found.</summary>
    private static FakePipedriveAnswer GetPerson(FakePipedriveData data, FakePipedriveCall call) =>
        long.TryParse(call.Path.AsSpan(call.Path.LastIndexOf('/') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && data.FindPerson(id) is { } person
            ? FakePipedriveAnswer.Ok(FakePipedriveJson.Person(person))
            : FakePipedriveAnswer.NotFound("Person not found");

    private static FakePipedriveAnswer CreatePerson(FakePipedriveData data, FakePipedriveCall call)
    {
        var name = FakePipedriveJson.String(call.Body, "name");
        return string.IsNullOrWhiteSpace(name)
            ? FakePipedriveAnswer.BadRequest("Validation failed: name: Parameter 'name' is required")
            : FakePipedriveAnswer.Creation(FakePipedriveJson.Person(data.CreatePerson(name)));
    }

    private static FakePipedriveAnswer CreateDeal(FakePipedriveData data, FakePipedriveCall call)
    {
        var title = FakePipedriveJson.String(call.Body, "title");
        if (string.IsNullOrWhiteSpace(title))
        {
            return FakePipedriveAnswer.BadRequest("Validation failed: title: Parameter 'title' is required");
        }

        var personId = FakePipedriveJson.Long(call.Body, "person_id");
        if (personId is { } id && data.FindPerson(id) is null)
        {
            return FakePipedriveAnswer.BadRequest($"Person with id {id} not found");
        }

        return FakePipedriveAnswer.Creation(FakePipedriveJson.Deal(data.CreateDeal(title, personId)));
    }

    private static FakePipedriveAnswer CreateNote(FakePipedriveData data, FakePipedriveCall call)
    {
        var content = FakePipedriveJson.String(call.Body, "content");
        if (string.IsNullOrWhiteSpace(content))
        {
            return FakePipedriveAnswer.BadRequest("Note content is required");
        }

        var dealId = FakePipedriveJson.Long(call.Body, "deal_id");
        var personId = FakePipedriveJson.Long(call.Body, "person_id");
        if (dealId is null && personId is null && call.Body?["org_id"] is null && call.Body?["lead_id"] is null)
        {
            return FakePipedriveAnswer.BadRequest("A note must be attached to a deal, person, organization or lead");
        }

        if (dealId is { } id)
        {
            if (data.FindDeal(id) is not { } deal)
            {
                return FakePipedriveAnswer.BadRequest($"Deal with id {id} not found");
            }

            personId ??= deal.PersonId; // a note on a deal shows on its person too
        }

        return FakePipedriveAnswer.Creation(FakePipedriveJson.Note(data.CreateNote(content, dealId, personId)), statusCode: 201); // v1 answers 201
    }

    /// <summary>v1 lists page by <c>start</c>/<c>limit</c> and say so in <c>additional_data.pagination</c>; an empty list is <c>null</c>.</summary>
    private static FakePipedriveAnswer ListNotes(FakePipedrive pipedrive, FakePipedriveCall call)
    {
        var dealId = Long(call.Query, "deal_id");
        var personId = Long(call.Query, "person_id");
        var notes = pipedrive.Data.Notes
            .Where(n => (dealId is null || n.DealId == dealId) && (personId is null || n.PersonId == personId))
            .ToList();
        var start = Math.Max(0, (int)(Long(call.Query, "start") ?? 0));
        var limit = Math.Clamp((int)(Long(call.Query, "limit") ?? DefaultLimit), 1, pipedrive.MaxPageSize);
        var page = notes.Skip(start).Take(limit).Select(FakePipedriveJson.Note).ToList();
        var more = start + page.Count < notes.Count;
        return FakePipedriveAnswer.Ok(
            page.Count == 0 ? null : page,
            new { pagination = new { start, limit, more_items_in_collection = more, next_start = more ? start + page.Count : (int?)null } });
    }

    /// <summary>A v2 list filtered by <c>person_id</c>, ordered by id.</summary>
    private static FakePipedriveAnswer List<T>(
        FakePipedrive pipedrive, FakePipedriveCall call, IReadOnlyList<T> items, Func<T, long> id, Func<T, long?> person, Func<T, object> json)
    {
        var personId = Long(call.Query, "person_id");
        var filtered = items.Where(item => personId is null || person(item) == personId).ToList();
        return Page(pipedrive, call, filtered, id, page => page.Select(json));
    }

    /// <summary>v2 cursor pagination: <c>limit</c> (capped at <see cref="FakePipedrive.MaxPageSize"/>), <c>cursor</c>, <c>additional_data.next_cursor</c>.</summary>
    private static FakePipedriveAnswer Page<T>(FakePipedrive pipedrive, FakePipedriveCall call, IReadOnlyList<T> items, Func<T, long> id, Func<IEnumerable<T>, object> data)
    {
        var limit = Math.Clamp((int)(Long(call.Query, "limit") ?? DefaultLimit), 1, pipedrive.MaxPageSize);
        var after = 0L;
        if (call.Query["cursor"] is { Count: > 0 } cursor && !TryDecodeCursor(cursor.ToString(), out after))
        {
            return FakePipedriveAnswer.BadRequest("Validation failed: cursor: Invalid cursor");
        }

        var rest = items.OrderBy(id).Where(item => id(item) > after).ToList();
        var page = rest.Take(limit).ToList();
        var next = rest.Count > page.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"id:{id(page[^1])}")) : null;
        return FakePipedriveAnswer.Ok(data(page), new { next_cursor = next });
    }

    private static bool TryDecodeCursor(string cursor, out long after)
    {
        after = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("id:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out after);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static long? Long(IQueryCollection query, string name) =>
        long.TryParse(query[name], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
