using System.Text.Json;
using GistCloud.Core.Domain.Paging;
using Microsoft.AspNetCore.Diagnostics;

namespace GistCloud.Api.Errors;

/// <summary>Every exception leaves as an RFC 9457 problem; bad input says what is wrong, the unexpected says nothing internal.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, Title(bad.StatusCode), Describe(bad)),
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

    private static string Title(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type.",
        _ => "The request is not valid.",
    };

    private static string Describe(BadHttpRequestException bad) => bad switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            $"Request bodies are limited to {RequestBodyLimit.MaxBytes} bytes.",
        { InnerException: JsonException json } => $"The request body is not valid JSON: {json.Message}",
        _ => bad.Message,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
