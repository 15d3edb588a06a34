using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GistCloud.Fakes.Pipedrive;

/// <summary>The request as an endpoint sees it: query and parsed JSON body.</summary>
internal sealed record FakePipedriveCall(string Method, string Path, IQueryCollection Query, JsonObject? Body);

/// <summary>
/// What Pipedrive does around every endpoint: the token check (header only), the burst limit and its headers,
/// injected faults, and the request log. Endpoints only model the data.
/// </summary>
internal sealed class FakePipedriveGate(FakePipedrive pipedrive, TimeProvider time)
{
    private const string TokenHeader = "x-api-token";

    public async Task ServeAsync(HttpContext context, Func<FakePipedriveCall, FakePipedriveAnswer> handle)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var at = time.GetUtcNow();
        var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted);
        var status = 499; // unless an answer goes out: the client went away first, as nginx logs it
        var answer = default(FakePipedriveAnswer);
        try
        {
            if (pipedrive.Faults.TakeDelay(path) is { } delay)
            {
                await Task.Delay(delay, time, context.RequestAborted);
            }

            answer = Decide(request, path, body, handle);
            if (answer.Created && pipedrive.Faults.AfterCreate is { } afterCreate)
            {
                await afterCreate(path);
            }

            await answer.WriteAsync(context.Response, context.RequestAborted);
            status = answer.StatusCode;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            pipedrive.Log.Add(new FakePipedriveRequest(
                request.Method,
                path,
                request.QueryString.Value ?? "",
                request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
                body.Length == 0 ? null : body,
                request.Headers.TryGetValue(TokenHeader, out var token) ? token.ToString() : null,
                status,
                at,
                answer?.Headers ?? new Dictionary<string, string>()));
        }
    }

    private FakePipedriveAnswer Decide(HttpRequest request, string path, string body, Func<FakePipedriveCall, FakePipedriveAnswer> handle)
    {
        var burst = pipedrive.BurstLimit.Record();

        // Pipedrive accepts ?api_token=, but GistCloud must never send it (URLs are logged): the fake refuses it.
        if (request.Query.ContainsKey("api_token")
            || !string.Equals(request.Headers[TokenHeader].ToString(), pipedrive.Token, StringComparison.Ordinal))
        {
            return WithBurstHeaders(FakePipedriveAnswer.Unauthorized(), burst);
        }

        if (burst.Exceeded)
        {
            return WithBurstHeaders(TooManyRequests(null), burst);
        }

        if (pipedrive.Faults.TakeRefusal(path) is { } fault)
        {
            if (fault.StatusCode != 429)
            {
                return WithBurstHeaders(FakePipedriveAnswer.Error(fault.StatusCode, "Internal server error", "ERR_INTERNAL"), burst);
            }

            // An injected 429 carries only the hints the test asked for.
            var answer = TooManyRequests(fault.RetryAfter);
            return fault.WithRateLimitReset ? WithBurstHeaders(answer, burst with { Remaining = 0, ResetSeconds = pipedrive.BurstLimit.SecondsToReset() }) : answer;
        }

        JsonObject? json = null;
        if (body.Length > 0)
        {
            try
            {
                json = JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
            }

            if (json is null)
            {
                return WithBurstHeaders(FakePipedriveAnswer.BadRequest("Invalid JSON body"), burst);
            }
        }

        var handled = handle(new FakePipedriveCall(request.Method, path, request.Query, json));
        if (handled.Created && pipedrive.Faults.TakeFailAfterCreate(path))
        {
            handled = FakePipedriveAnswer.Error(500, "Internal server error", "ERR_INTERNAL"); // stored, but the client never learns it
        }

        return WithBurstHeaders(handled, burst);
    }

    private static FakePipedriveAnswer TooManyRequests(TimeSpan? retryAfter) =>
        FakePipedriveAnswer.Error(
            429,
            "Request over limit",
            "ERR_RATE_LIMIT",
            retryAfter is { } wait
                ? new Dictionary<string, string> { ["retry-after"] = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture) }
                : null);

    private static FakePipedriveAnswer WithBurstHeaders(FakePipedriveAnswer answer, FakeBurstState burst) =>
        answer with
        {
            Headers = new Dictionary<string, string>(answer.Headers ?? new Dictionary<string, string>())
            {
                ["x-ratelimit-limit"] = burst.Limit.ToString(CultureInfo.InvariantCulture),
                ["x-ratelimit-remaining"] = (burst.Exceeded ? 0 : burst.Remaining).ToString(CultureInfo.InvariantCulture),
                ["x-ratelimit-reset"] = burst.ResetSeconds.ToString(CultureInfo.InvariantCulture),
            },
        };
}
