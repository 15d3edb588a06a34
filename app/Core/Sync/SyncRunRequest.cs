using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GistCloud.Core.Sync;

/// <summary>
/// A request for one sync run, as the API queues it (the body of an SQS message) and the sync worker reads it: the run
/// id the API already answered with, so the run is recorded under the id the caller holds.
/// </summary>
/// <param name="RunId">32 lower-case hex digits: a version 7 GUID in "N" format.</param>
/// <param name="RequestedAt">When the API queued it.</param>
public sealed record SyncRunRequest(string RunId, DateTimeOffset RequestedAt)
{
    public string ToJson() => JsonSerializer.Serialize(this, SyncRunRequestJson.Default.SyncRunRequest);

    /// <summary>Reads a message body; false (with why) for anything that is not a run request with a well-formed run id.</summary>
    public static bool TryParse(string? body, [NotNullWhen(true)] out SyncRunRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        try
        {
            request = body is null ? null : JsonSerializer.Deserialize(body, SyncRunRequestJson.Default.SyncRunRequest);
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
internal sealed partial class SyncRunRequestJson : JsonSerializerContext;
