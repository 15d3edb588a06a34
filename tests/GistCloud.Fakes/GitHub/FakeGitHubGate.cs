using System.Globalization;

namespace GistCloud.Fakes.GitHub;

/// <summary>
/// What GitHub does before and around any endpoint: credentials, injected faults, the primary rate limit,
/// <c>x-ratelimit-*</c> headers on every answer, and the request log. Accounting happens when the answer's
/// headers go out, the one moment the status is known and the client has not seen anything yet.
/// The GraphQL endpoint has its own budget (resource "graphql", charged by query cost): the gate leaves its
/// accounting and rate-limit headers to that endpoint, and still applies latency, credentials, faults and the log.
/// </summary>
internal sealed class FakeGitHubGate(
    FakeGitHubFaults faults,
    FakeGitHubRateLimits rateLimits,
    FakeGitHubRequestLog log,
    TimeProvider time,
    string? requiredToken,
    Func<TimeSpan> latency,
    string graphQLPath)
{
    private const string RateLimitDocs = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting";
    private const string SecondaryLimitDocs =
        "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        var sequence = log.NextSequence();
        var isGraphQL = request.PathBase.Value is null or "" && string.Equals(request.Path.Value?.TrimEnd('/'), graphQLPath, StringComparison.OrdinalIgnoreCase);
        var path = isGraphQL ? FakeGitHubFaults.GraphQLPath : request.Path.Value ?? "/";
        var credentialsOk = TryReadToken(request, out var token);
        var caller = FakeGitHubRateLimits.CallerFor(credentialsOk ? token : null);
        context.Items[typeof(FakeGitHubCaller)] = caller;
        var free = false; // answers GitHub gives without charging the limit: faults, refusals
        var logged = false;

        context.Response.OnStarting(() =>
        {
            if (logged)
            {
                return Task.CompletedTask; // already logged as abandoned; Kestrel still "starts" a 499
            }

            var status = context.Response.StatusCode;
            var counted = !isGraphQL && !free && !(caller.Authenticated && status == StatusCodes.Status304NotModified);
            if (!isGraphQL)
            {
                WriteRateLimitHeaders(context.Response.Headers, rateLimits.Record(caller, counted), "core");
            }

            log.Add(Entry(sequence, request, status, counted));
            logged = true;
            return Task.CompletedTask;
        });

        try
        {
            if (latency() is { } roundTrip && roundTrip > TimeSpan.Zero)
            {
                await Task.Delay(roundTrip, time, context.RequestAborted);
            }

            if (!credentialsOk)
            {
                free = true;
                await FakeGitHubAnswer.Error(StatusCodes.Status401Unauthorized, "Bad credentials").ExecuteAsync(context);
                return;
            }

            if (faults.TakeDelay(path) is { } delay)
            {
                await Task.Delay(delay, time, context.RequestAborted);
            }

            if (faults.TakeHold(path) is { } hold)
            {
                await hold.WaitAsync(context.RequestAborted);
            }

            if (faults.TakeFailure(path) is { } fault)
            {
                free = true;
                await Answer(fault).ExecuteAsync(context);
                return;
            }

            if (!isGraphQL && rateLimits.Peek(caller) is { IsExhausted: true } limit)
            {
                free = true;
                var who = caller.Authenticated ? "user ID 1" : "127.0.0.1";
                await FakeGitHubAnswer.Error(limit.ExhaustedStatus, $"API rate limit exceeded for {who}.", RateLimitDocs).ExecuteAsync(context);
                return;
            }

            await next();
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.StartAsync(context.RequestAborted); // a bodiless 304 starts only now
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its timeout): logged below as 499, like nginx does.
        }
        finally
        {
            if (!logged)
            {
                logged = true;
                log.Add(Entry(sequence, request, 499, counted: false));
            }
        }
    }

    private static FakeGitHubAnswer Answer(FakeGitHubFault fault) =>
        fault.RetryAfter is { } retryAfter
            ? FakeGitHubAnswer.Error(
                fault.StatusCode,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                SecondaryLimitDocs,
                new Dictionary<string, string>
                {
                    ["retry-after"] = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                })
            : FakeGitHubAnswer.ServerError(fault.StatusCode);

    /// <summary>Reads <c>Authorization: token X</c> or <c>Bearer X</c>; false for another scheme or a token other than the required one.</summary>
    private bool TryReadToken(HttpRequest request, out string? token)
    {
        token = null;
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return true;
        }

        var parts = header.Split(' ', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[1].Length == 0
            || !(parts[0].Equals("token", StringComparison.OrdinalIgnoreCase) || parts[0].Equals("bearer", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        token = parts[1];
        return requiredToken is null || string.Equals(token, requiredToken, StringComparison.Ordinal);
    }

    internal static void WriteRateLimitHeaders(IHeaderDictionary headers, FakeRateLimit limit, string resource)
    {
        headers["x-ratelimit-limit"] = limit.Limit.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining"] = Math.Max(0, limit.Remaining).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset"] = limit.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-used"] = limit.Used.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-resource"] = resource;
    }

    private static FakeGitHubRequest Entry(int sequence, HttpRequest request, int status, bool counted) =>
        new(
            sequence,
            request.Method,
            request.Path.Value ?? "/",
            (request.Path + request.QueryString).ToString(),
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            status,
            counted);
}
