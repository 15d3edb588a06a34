using System.Text.Json.Nodes;

namespace GistCloud.Fakes.Pipedrive;

/// <summary>One request as the fake received and answered it.</summary>
/// <param name="Path">The path alone, e.g. <c>/api/v2/activities</c>.</param>
/// <param name="QueryString">The raw query as sent, e.g. <c>?person_id=1&amp;limit=500</c> (empty when none).</param>
/// <param name="Query">The decoded query parameters.</param>
/// <param name="Body">The request body as sent, or null when empty.</param>
/// <param name="ApiTokenHeader">The <c>x-api-token</c> header, or null.</param>
/// <param name="StatusCode">What the fake answered; 499 when the client went away first (e.g. its timeout).</param>
/// <param name="At">When the request arrived.</param>
/// <param name="ResponseHeaders">Headers the fake answered with (rate limits, Retry-After).</param>
public sealed record FakePipedriveRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Query,
    string? Body,
    string? ApiTokenHeader,
    int StatusCode,
    DateTimeOffset At,
    IReadOnlyDictionary<string, string> ResponseHeaders)
{
    /// <summary>The body parsed as JSON (null when empty).</summary>
    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);

    public bool Is(string method, string path) =>
        string.Equals(Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(Path, path, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Every request received, in order.</summary>
public sealed class FakePipedriveRequestLog
{
    private readonly Lock _lock = new();
    private readonly List<FakePipedriveRequest> _requests = [];

    public IReadOnlyList<FakePipedriveRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Requests with this method and path (case-insensitive, query ignored).</summary>
    public IReadOnlyList<FakePipedriveRequest> To(string method, string path)
    {
        lock (_lock)
        {
            return _requests.Where(r => r.Is(method, path)).ToList();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }

    internal void Add(FakePipedriveRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }
}
