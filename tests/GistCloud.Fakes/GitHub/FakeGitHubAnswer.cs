using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace GistCloud.Fakes.GitHub;

/// <summary>
/// A JSON answer shaped like GitHub's. With an ETag it is weak (<c>W/"sha256 of the body"</c>), so it changes
/// exactly when the content does, and a matching <c>If-None-Match</c> turns the answer into a bodiless 304.
/// </summary>
internal sealed class FakeGitHubAnswer(int statusCode, object body, bool withETag = false, IReadOnlyDictionary<string, string>? headers = null)
    : IResult
{
    internal const string Documentation = "https://docs.github.com/rest";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static FakeGitHubAnswer NotFound() => Error(404, "Not Found");

    public static FakeGitHubAnswer Error(int statusCode, string message, string documentationUrl = Documentation, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, new { Message = message, DocumentationUrl = documentationUrl, Status = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) }, headers: headers);

    public static FakeGitHubAnswer ServerError(int statusCode) => new(statusCode, new { Message = ReasonPhrases.GetReasonPhrase(statusCode) });

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (withETag && statusCode == StatusCodes.Status200OK)
        {
            var etag = $"W/\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"";
            response.Headers.ETag = etag;
            if (Matches(httpContext.Request.Headers.IfNoneMatch, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }

    /// <summary>Weak comparison (RFC 9110 §13.1.2), as GitHub does: <c>W/"x"</c> matches <c>"x"</c>; <c>*</c> matches anything.</summary>
    internal static bool Matches(IEnumerable<string?> ifNoneMatch, string etag)
    {
        var opaque = Opaque(etag);
        return ifNoneMatch
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Any(candidate => candidate == "*" || Opaque(candidate) == opaque);
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
