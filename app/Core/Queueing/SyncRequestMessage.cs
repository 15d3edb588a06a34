using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using GistCloud.Core.Domain.SyncRuns;

namespace GistCloud.Core.Queueing;

/// <summary>The body of a queued <see cref="SyncRunRequest"/>: <c>{"runId":"…","requestedAt":"…"}</c>.</summary>
public static class SyncRequestMessage
{
    // Reflection-based: a second source-generated context in Core makes ArchUnitNET attribute the generators' identically
    // named helper methods to the wrong context (a false dependency between adapters); the message is two fields.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToBody(SyncRunRequest request) => JsonSerializer.Serialize(request, Json);

    /// <summary>Reads a message body; false (with why) for anything that is not a run request with a well-formed run id.</summary>
    public static bool TryParse(string? body, [NotNullWhen(true)] out SyncRunRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        try
        {
            request = body is null ? null : JsonSerializer.Deserialize<SyncRunRequest>(body, Json);
        }
        catch (JsonException exception)
        {
            error = $"The message is not a sync run request: {exception.Message}";
            return false;
        }

        if (request is not { RunId: { Length: 32 } id } || !id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            request = null;
            error = "The message is not a sync run request: it needs a runId of 32 lower-case hex digits.";
            return false;
        }

        error = null;
        return true;
    }
}
