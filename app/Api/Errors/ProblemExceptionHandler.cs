using GistCloud.Core.Domain.Paging;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Errors;

/// <summary>Every exception leaves as an RFC 9457 problem; bad input says what is wrong, the unexpected says nothing internal.</summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems,
    IOptions<JsonOptions> json,
    ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
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

    private static string Title(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type.",
        _ => "The request is not valid.",
    };

    /// <summary>The JSON body type of the endpoint that failed (the exception handler has already cleared the endpoint).</summary>
    private static Type? BodyType(HttpContext context) =>
        context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
