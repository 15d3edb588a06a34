using System.Text.Json;

namespace GistCloud.Fakes.Pipedrive;

/// <summary>A JSON answer shaped like Pipedrive's: <c>{ success, data, additional_data }</c>, or <c>{ success: false, error }</c>.</summary>
internal sealed record FakePipedriveAnswer(int StatusCode, object Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    private const string ErrorInfo = "Please check developers.pipedrive.com for more information about Pipedrive API.";

    /// <summary>True for the answer to a creation that stored something (the moment FailAfterCreate strikes).</summary>
    public bool Created { get; init; }

    public static FakePipedriveAnswer Ok(object? data, object? additionalData = null) =>
        new(200, new Dictionary<string, object?> { ["success"] = true, ["data"] = data, ["additional_data"] = additionalData });

    public static FakePipedriveAnswer Creation(object data, int statusCode = 200) =>
        new(statusCode, new Dictionary<string, object?> { ["success"] = true, ["data"] = data, ["additional_data"] = null }) { Created = true };

    public static FakePipedriveAnswer Error(int statusCode, string error, string? code = null, IReadOnlyDictionary<string, string>? headers = null) =>
        new(
            statusCode,
            new Dictionary<string, object?>
            {
                ["success"] = false,
                ["error"] = error,
                ["code"] = code,
                ["error_info"] = ErrorInfo,
                ["data"] = null,
                ["additional_data"] = null,
            },
            headers);

    public static FakePipedriveAnswer BadRequest(string error) => Error(400, error, "ERR_SCHEMA_VALIDATION_FAILED");

    public static FakePipedriveAnswer Unauthorized() => Error(401, "unauthorized access", "ERR_UNAUTHORIZED");

    public static FakePipedriveAnswer NotFound(string error) => Error(404, error, "ERR_NOT_FOUND");

    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(Body);
        response.StatusCode = StatusCode;
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken);
    }
}
