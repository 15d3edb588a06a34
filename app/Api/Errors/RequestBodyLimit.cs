using Microsoft.AspNetCore.Http.Features;

namespace GistCloud.Api.Infrastructure;

/// <summary>Bodies over <see cref="ApiOptions.MaxBodyBytes"/> get 413: at once when Content-Length says so, else when read.</summary>
internal static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > ApiOptions.MaxBodyBytes)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            // Chunked bodies have no length up front: Kestrel stops reading them at the limit.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = ApiOptions.MaxBodyBytes;
            }

            await next(context);
        });
}
