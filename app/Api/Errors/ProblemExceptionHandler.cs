using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Storage.Resilience;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Errors;

/// <summary>
/// Every exception leaves as an RFC 9457 problem; bad input says what is wrong, the unexpected says nothing internal.
/// Storage being unavailable (see <see cref="StorageFailures"/>) is a 503 with <c>Retry-After</c>, logged as a count
/// at most once per <see cref="OutageLogInterval"/> instead of a stack trace per request; anything else unexpected is
/// a 500 logged with its exception. Registered as a singleton (AddExceptionHandler), so the count lives here. The circuit
/// is looked up only when storage failed: it is built with the DynamoDB client, and start-up should not build either.
/// </summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems,
    IOptions<JsonOptions> json,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>
    /// At most one summary warning per 10 s during a storage outage: six lines a minute per instance show when it
    /// began, how it went and when it ended (the circuit logs opening and closing), where a line per request was
    /// thousands a second.
    /// </summary>
    public static readonly TimeSpan OutageLogInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _outageGate = new();
    private int _unavailableAnswers;
    private DateTimeOffset _lastOutageLog = DateTimeOffset.MinValue;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException && StorageFailures.IsUnavailable(exception) && !httpContext.RequestAborted.IsCancellationRequested)
        {
            return await WriteUnavailableAsync(httpContext, exception);
        }

        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, Title(bad.StatusCode), BadRequestMessages.Describe(bad, BodyType(httpContext), json.Value.SerializerOptions)),
            InvalidCursorException cursor => (StatusCodes.Status400BadRequest, "The request is not valid.", cursor.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested =>
                (StatusCodes.Status499ClientClosedRequest, "Client closed the request.", "The request was cancelled."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred.",
                  "The error was logged with this request's trace id; try again later."),
        };

        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private ValueTask<bool> WriteUnavailableAsync(HttpContext httpContext, Exception exception)
    {
        CountUnavailable(exception.Message);
        return RetryLaterProblem.TryWriteAsync(
            httpContext,
            problems,
            StatusCodes.Status503ServiceUnavailable,
            "Storage is unavailable.",
            seconds => $"The database is unavailable at the moment; try again in {seconds} s.",
            exception is StorageUnavailableException open ? open.RetryAfter : services.GetRequiredService<StorageCircuit>().RetryAfter);
    }

    private void CountUnavailable(string reason)
    {
        int count;
        TimeSpan since;
        var now = time.GetUtcNow();
        lock (_outageGate)
        {
            _unavailableAnswers++;
            if (now - _lastOutageLog < OutageLogInterval)
            {
                return;
            }

            count = _unavailableAnswers;
            since = _lastOutageLog == DateTimeOffset.MinValue ? TimeSpan.Zero : now - _lastOutageLog;
            _unavailableAnswers = 0;
            _lastOutageLog = now;
        }

        LogUnavailable(count, since.TotalSeconds, reason);
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type.",
        _ => "The request is not valid.",
    };

    /// <summary>The JSON body type of the endpoint that failed (the exception handler has already cleared the endpoint).</summary>
    private static Type? BodyType(HttpContext context) =>
        context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable: {Count} request(s) answered 503 in {Seconds:0} s since the previous such warning (latest cause: {Reason})")]
    private partial void LogUnavailable(int count, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
