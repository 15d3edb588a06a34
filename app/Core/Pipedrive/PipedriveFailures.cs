using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly.Timeout;

namespace GistCloud.Core.Pipedrive;

/// <summary>
/// Turns what Pipedrive answered, or what the HTTP stack threw, into <see cref="PipedriveFailure"/>s. Messages name
/// the action and the status and quote Pipedrive's error text; never a header, query or token.
/// </summary>
internal static class PipedriveFailures
{
    private const int MaxErrorTextLength = 300;

    public static PipedriveFailure FromResponse(HttpResponseMessage response, string body, string action, bool isCreate, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var said = ErrorText(body) is { } text ? $": {text}" : ".";
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
                return new(PipedriveFailureKind.Unauthorized, $"Pipedrive rejected the configured API token while {action} (401){said}");

            // A lapsed subscription (402) or an account without the permission (403) refuses every call alike:
            // stop publishing for the run instead of spending every gist's attempts on it.
            case HttpStatusCode.PaymentRequired or HttpStatusCode.Forbidden:
                return new(PipedriveFailureKind.Unauthorized, $"Pipedrive refused the account while {action} (HTTP {status}){said}");

            case HttpStatusCode.TooManyRequests:
                var wait = PipedriveThrottle.WaitFor(response, now);
                var retryAt = now + wait;
                return new(
                    PipedriveFailureKind.RateLimited,
                    retryAt is { } at
                        ? $"Pipedrive's rate limit is spent while {action}; retry after {Format(at)}."
                        : $"Pipedrive's rate limit is spent while {action} and it named no time to retry.",
                    retryAt);

            case HttpStatusCode.RequestTimeout:
                return new(PipedriveFailureKind.Unavailable, $"Pipedrive timed out reading the request while {action} (408).");
        }

        return status >= 500
            ? new(PipedriveFailureKind.Unavailable, $"Pipedrive answered HTTP {status} while {action}{said}", MayHaveCreated: isCreate)
            : new(PipedriveFailureKind.Rejected, $"Pipedrive refused {action} (HTTP {status}){said}");
    }

    /// <summary>The failure for <paramref name="exception"/>, or null when it is not a Pipedrive failure (e.g. the caller cancelled).</summary>
    public static PipedriveFailure? FromException(Exception exception, string action, bool isCreate, CancellationToken cancellationToken) =>
        exception switch
        {
            TimeoutRejectedException => Unavailable($"Pipedrive did not answer in time while {action}.", isCreate),
            OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                Unavailable($"Pipedrive did not answer in time while {action}.", isCreate),
            HttpRequestException http => Unavailable(
                $"Pipedrive could not be reached while {action}.",
                isCreate && !PipedriveResilience.NeverSent(http)),
            _ => null,
        };

    /// <summary>A 2xx whose body is not the expected shape: if it answered a creation, the item probably exists.</summary>
    public static PipedriveFailure Unreadable(string action, bool isCreate) =>
        Unavailable($"Pipedrive's answer could not be read while {action}.", isCreate);

    /// <summary>Pipedrive's <c>error</c> (and <c>error_info</c>) from a <c>{ success: false }</c> body, shortened.</summary>
    internal static string? ErrorText(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var text = error.GetString();
            if (document.RootElement.TryGetProperty("error_info", out var info) && info.ValueKind == JsonValueKind.String)
            {
                text = $"{text} ({info.GetString()})";
            }

            return text is { Length: > MaxErrorTextLength } ? string.Concat(text.AsSpan(0, MaxErrorTextLength), "…") : text;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static PipedriveFailure Unavailable(string message, bool mayHaveCreated) =>
        new(PipedriveFailureKind.Unavailable, message, MayHaveCreated: mayHaveCreated);

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
