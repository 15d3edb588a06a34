using Microsoft.AspNetCore.Http.Features;

namespace GistCloud.Api.Errors;

/// <summary>Problems written by the framework itself (unknown route, wrong media type) get a detail too.</summary>
internal static class DefaultProblemDetails
{
    public static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"No API call matches {request.Method} {request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not answer {request.Method}.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.",
            _ => context.HttpContext.Features.Get<IHttpResponseFeature>()?.ReasonPhrase,
        };
    }
}
