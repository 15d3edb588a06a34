using Microsoft.AspNetCore.Http.Features;

namespace GistCloud.Api.Errors;

/// <summary>Bodies over <see cref="MaxBytes"/> get 413: at once when Content-Length says so, else when read.</summary>
internal static class RequestBodyLimit
{
    /// <summary>Largest request body accepted, in bytes.</summary>
    public const int MaxBytes = 16 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBytes)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            // Chunked bodies have no length up front: Kestrel stops reading them at the limit.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBytes;
            }

            await next(context);
        });
}
