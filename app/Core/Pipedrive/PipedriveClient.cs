using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Pipedrive;

/// <summary>
/// Pipedrive's API as GistCloud uses it: v2 for persons, activities and deals, v1 only for notes and activity types
/// (no v2 exists). A typed HttpClient: base address, <c>x-api-token</c> header and the resilience pipeline come from
/// <see cref="PipedriveServiceCollectionExtensions.AddPipedrivePublisher"/>. Expected outcomes are results, not exceptions.
/// </summary>
public sealed partial class PipedriveClient
{
    private const int ListPageSize = 500; // the most v1 and v2 lists give per page

    // A person with more items than this many pages is not one GistCloud made; stop rather than loop forever.
    private const int MaxListPages = 50;

    private readonly HttpClient _http;
    private readonly PipedriveOptions _options;
    private readonly PipedriveActivityTypeCache _activityTypes;
    private readonly TimeProvider _time;
    private readonly ILogger<PipedriveClient> _logger;

    public PipedriveClient(
        HttpClient http,
        IOptions<PipedriveOptions> options,
        PipedriveActivityTypeCache activityTypes,
        TimeProvider time,
        ILogger<PipedriveClient> logger)
    {
        _http = http;
        _options = options.Value;
        _activityTypes = activityTypes;
        _time = time;
        _logger = logger;
    }

    /// <summary>The id of the person named exactly <paramref name="name"/> (case-insensitive, as Pipedrive matches), the oldest if several; null when none.</summary>
    public Task<PipedriveResult<long?>> FindPersonAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Get,
            $"api/v2/persons/search?term={Uri.EscapeDataString(name)}&fields=name&exact_match=true&limit=100",
            body: null,
            "looking up a person",
            root => Items(root.GetProperty("data").GetProperty("items"))
                .Select(result => result.GetProperty("item"))
                .Where(person => string.Equals(Text(person, "name"), name, StringComparison.OrdinalIgnoreCase))
                .Select(person => (long?)person.GetProperty("id").GetInt64())
                .Min(),
            cancellationToken);

    public Task<PipedriveResult<long>> CreatePersonAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/v2/persons", new { name }, "creating a person", ReadId, cancellationToken);

    /// <summary>Whether the person is still there: false on 404 (deleted, or merged into another) or when flagged deleted.</summary>
    public Task<PipedriveResult<bool>> PersonExistsAsync(long personId, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Get,
            $"api/v2/persons/{personId}",
            body: null,
            "checking a person",
            root => !(root.GetProperty("data").TryGetProperty("is_deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True),
            cancellationToken,
            notFound: () => false);

    /// <summary>
    /// Creates an open activity due today (UTC) of the configured or resolved type, linked to the person as its primary
    /// participant (v2 makes <c>person_id</c> read-only: it follows the primary participant).
    /// </summary>
    public async Task<PipedriveResult<long>> CreateActivityAsync(string subject, string noteHtml, long personId, CancellationToken cancellationToken)
    {
        var type = await ResolveActivityTypeAsync(cancellationToken);
        if (!type.IsSuccess)
        {
            return PipedriveResult<long>.Failed(type.Failure);
        }

        var body = new
        {
            subject,
            type = type.Value,
            due_date = _time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            note = noteHtml,
            done = false,
            participants = new[] { new { person_id = personId, primary = true } },
        };
        return await SendAsync(HttpMethod.Post, "api/v2/activities", body, "creating an activity", ReadId, cancellationToken);
    }

    /// <summary>Creates an open deal for the person. v2 deals have no note field: add one with <see cref="AddDealNoteAsync"/>.</summary>
    public Task<PipedriveResult<long>> CreateDealAsync(string title, long personId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/v2/deals", new { title, person_id = personId }, "creating a deal", ReadId, cancellationToken);

    /// <summary>Adds an HTML note to a deal (<c>POST /api/v1/notes</c>): the note's id.</summary>
    public Task<PipedriveResult<long>> AddDealNoteAsync(long dealId, string contentHtml, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/v1/notes", new { content = contentHtml, deal_id = dealId }, "adding a note to a deal", ReadId, cancellationToken);

    /// <summary>The first of the person's activities whose subject or note contains <paramref name="marker"/>, or null.</summary>
    public Task<PipedriveResult<long?>> FindActivityByMarkerAsync(long personId, string marker, CancellationToken cancellationToken) =>
        FindInV2ListAsync($"api/v2/activities?person_id={personId}", ["subject", "note"], marker, "looking for an earlier activity", cancellationToken);

    /// <summary>The first of the person's deals whose title contains <paramref name="marker"/>, or null (a v2 deal carries no note).</summary>
    public Task<PipedriveResult<long?>> FindDealByMarkerAsync(long personId, string marker, CancellationToken cancellationToken) =>
        FindInV2ListAsync($"api/v2/deals?person_id={personId}", ["title"], marker, "looking for an earlier deal", cancellationToken);

    /// <summary>The first note of the deal whose content contains <paramref name="marker"/>, or null (v1 list, offset pagination).</summary>
    public async Task<PipedriveResult<long?>> FindDealNoteByMarkerAsync(long dealId, string marker, CancellationToken cancellationToken)
    {
        var start = 0L;
        for (var page = 0; page < MaxListPages; page++)
        {
            var result = await SendAsync(
                HttpMethod.Get,
                $"api/v1/notes?deal_id={dealId}&start={start}&limit={ListPageSize}",
                body: null,
                "looking for an earlier deal note",
                root => (Match: FirstMatch(root, ["content"], marker), Next: NextStart(root)),
                cancellationToken);
            if (!result.IsSuccess)
            {
                return PipedriveResult<long?>.Failed(result.Failure);
            }

            if (result.Value.Match is not null || result.Value.Next is not { } next)
            {
                return PipedriveResult<long?>.Success(result.Value.Match);
            }

            start = next;
        }

        return PipedriveResult<long?>.Failed(new(PipedriveFailureKind.Unavailable, $"Deal {dealId} has more notes than GistCloud reads."));
    }

    /// <summary>
    /// The configured <see cref="PipedriveOptions.ActivityType"/>, else the company's <c>task</c> type, else its first
    /// active type; resolved once per process.
    /// </summary>
    public async Task<PipedriveResult<string>> ResolveActivityTypeAsync(CancellationToken cancellationToken)
    {
        if ((_options.ActivityType?.Trim() ?? _activityTypes.Key) is { } known)
        {
            return PipedriveResult<string>.Success(known);
        }

        var result = await SendAsync(
            HttpMethod.Get,
            "api/v1/activityTypes",
            body: null,
            "reading activity types",
            root =>
            {
                var active = Items(root.GetProperty("data"))
                    .Where(type => type.TryGetProperty("active_flag", out var flag) && flag.ValueKind == JsonValueKind.True)
                    .Select(type => Text(type, "key_string"))
                    .OfType<string>()
                    .ToList();
                return active.Contains("task") ? "task" : active.FirstOrDefault();
            },
            cancellationToken);
        if (!result.IsSuccess)
        {
            return PipedriveResult<string>.Failed(result.Failure);
        }

        if (result.Value is not { } key)
        {
            return PipedriveResult<string>.Failed(new(
                PipedriveFailureKind.Rejected,
                $"Pipedrive has no active activity type; set {PipedriveOptions.SectionName}:{nameof(PipedriveOptions.ActivityType)}."));
        }

        _activityTypes.Key = key;
        LogActivityTypeResolved(key);
        return PipedriveResult<string>.Success(key);
    }

    /// <summary>Walks a v2 list by <c>additional_data.next_cursor</c> until an item matches.</summary>
    private async Task<PipedriveResult<long?>> FindInV2ListAsync(
        string path, string[] fields, string marker, string action, CancellationToken cancellationToken)
    {
        string? cursor = null;
        for (var page = 0; page < MaxListPages; page++)
        {
            var pagePath = $"{path}&limit={ListPageSize}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var result = await SendAsync(
                HttpMethod.Get,
                pagePath,
                body: null,
                action,
                root => (Match: FirstMatch(root, fields, marker), Next: NextCursor(root)),
                cancellationToken);
            if (!result.IsSuccess)
            {
                return PipedriveResult<long?>.Failed(result.Failure);
            }

            if (result.Value.Match is not null || result.Value.Next is null)
            {
                return PipedriveResult<long?>.Success(result.Value.Match);
            }

            cursor = result.Value.Next;
        }

        return PipedriveResult<long?>.Failed(new(PipedriveFailureKind.Unavailable, $"Too many pages while {action}."));
    }

    private async Task<PipedriveResult<T>> SendAsync<T>(
        HttpMethod method, string path, object? body, string action, Func<JsonElement, T> read, CancellationToken cancellationToken,
        Func<T>? notFound = null)
    {
        if (_http.BaseAddress is null)
        {
            throw new InvalidOperationException(
                $"Pipedrive is not configured ({PipedriveOptions.SectionName}:{nameof(PipedriveOptions.ApiToken)} and " +
                $"{nameof(PipedriveOptions.BaseUrl)}): check {nameof(GistPublisher)}.{nameof(GistPublisher.IsEnabled)} before publishing.");
        }

        var isCreate = method == HttpMethod.Post;
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: JsonSerializerOptions.Default);
        }

        PipedriveFailure failure;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound && notFound is not null)
            {
                return PipedriveResult<T>.Success(notFound()); // an answer, not a failure, for look-ups of one item
            }

            if (!response.IsSuccessStatusCode)
            {
                failure = PipedriveFailures.FromResponse(response, text, action, isCreate, _time.GetUtcNow());
            }
            else if (TryRead(text, read, out var value))
            {
                return PipedriveResult<T>.Success(value);
            }
            else
            {
                failure = PipedriveFailures.Unreadable(action, isCreate);
            }
        }
        catch (Exception exception) when (PipedriveFailures.FromException(exception, action, isCreate, cancellationToken) is { } mapped)
        {
            failure = mapped;
        }

        LogCallFailed(action, failure.Kind, failure.Message);
        return PipedriveResult<T>.Failed(failure);
    }

    private static bool TryRead<T>(string text, Func<JsonElement, T> read, out T value)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            value = read(document.RootElement);
            return true;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            value = default!;
            return false;
        }
    }

    private static long ReadId(JsonElement root) => root.GetProperty("data").GetProperty("id").GetInt64();

    private static long? FirstMatch(JsonElement root, string[] fields, string marker) =>
        Items(root.GetProperty("data"))
            .Where(item => fields.Any(field => Matches(Text(item, field), field, marker)))
            .Select(item => (long?)item.GetProperty("id").GetInt64())
            .FirstOrDefault();

    /// <summary>
    /// A deal's marker is its title's URL suffix, so it must END the title: gist "123"'s URL is a prefix of gist
    /// "1234"'s. Activity markers carry the closing quote of the href and can be found anywhere in the note.
    /// </summary>
    private static bool Matches(string? text, string field, string marker) =>
        text is not null && (field == "title"
            ? text.EndsWith(marker, StringComparison.Ordinal)
            : text.Contains(marker, StringComparison.Ordinal));

    private static string? NextCursor(JsonElement root) =>
        root.TryGetProperty("additional_data", out var additional) && additional.ValueKind == JsonValueKind.Object
            ? Text(additional, "next_cursor")
            : null;

    private static long? NextStart(JsonElement root) =>
        root.TryGetProperty("additional_data", out var additional)
        && additional.ValueKind == JsonValueKind.Object
        && additional.TryGetProperty("pagination", out var pagination)
        && pagination.TryGetProperty("more_items_in_collection", out var more) && more.ValueKind == JsonValueKind.True
        && pagination.TryGetProperty("next_start", out var next)
            ? next.GetInt64()
            : null;

    /// <summary>An empty list may come back as <c>null</c> rather than <c>[]</c> (v1 does so).</summary>
    private static IEnumerable<JsonElement> Items(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : Enumerable.Empty<JsonElement>();

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipedrive activity type resolved: {ActivityType}")]
    private partial void LogActivityTypeResolved(string activityType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipedrive call failed ({FailureKind}) while {Action}: {FailureMessage}")]
    private partial void LogCallFailed(string action, PipedriveFailureKind failureKind, string failureMessage);
}
