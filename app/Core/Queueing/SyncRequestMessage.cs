using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using GistCloud.Core.Domain.SyncRuns;

namespace GistCloud.Core.Queueing;

/// <summary>The body of a queued <see cref="SyncRunRequest"/>: <c>{"runId":"…","requestedAt":"…"}</c>.</summary>
public static class SyncRequestMessage
{
    public static string ToBody(SyncRunRequest request) => JsonSerializer.Serialize(request, SyncRequestJson.Default.SyncRunRequest);

    /// <summary>Reads a message body; false (with why) for anything that is not a run request with a well-formed run id.</summary>
    public static bool TryParse(string? body, [NotNullWhen(true)] out SyncRunRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        try
        {
            request = body is null ? null : JsonSerializer.Deserialize(body, SyncRequestJson.Default.SyncRunRequest);
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

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SyncRunRequest))]
internal sealed partial class SyncRequestJson : JsonSerializerContext;
