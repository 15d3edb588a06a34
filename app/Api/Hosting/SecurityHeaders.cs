using GistCloud.Api.Docs;
using Microsoft.Net.Http.Headers;

namespace GistCloud.Api.Hosting;

/// <summary>
/// Headers on every answer, whoever writes it (endpoints, problems, static files, the SPA's index.html, /docs):
/// no sniffing, no referrer, no framing, and a Content-Security-Policy per kind of answer. Set when the response
/// starts, so the exception handler's clearing of headers cannot lose them.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>JSON and problems: nothing may load, run or frame.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// The SPA: its own scripts, styles and API; avatars from GitHub; the favicon is a data: URL in index.html.
    /// <c>connect-src 'self'</c>: served here, the SPA calls this origin (config.json's apiBase is /api).
    /// </summary>
    public const string SitePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
        "img-src 'self' data: https://avatars.githubusercontent.com; font-src 'self'; manifest-src 'self'; " +
        "base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";

    private static readonly string[] ApiPrefixes = ["/api", "/health", "/openapi"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                Apply((HttpContext)state);
                return Task.CompletedTask;
            }, context);
            return ApiReferencePage.IsPage(context.Request.Path)
                ? ApiReferencePage.SendWithScriptHashesAsync(context, next)
                : next(context);
        });

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        var path = context.Request.Path;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";

        if (path.StartsWithSegments(ApiReference.Path, StringComparison.OrdinalIgnoreCase))
        {
            // The page itself already carries its inline script's hash (ApiReferencePage).
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = ApiReferencePage.PolicyWithoutInlineScripts;
            }

            return;
        }

        if (IsApi(path))
        {
            headers.ContentSecurityPolicy = ApiPolicy;
            if (!path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase))
            {
                headers.CacheControl = "no-store"; // answers about users, gists and health are never reused from a cache
            }

            return;
        }

        headers.ContentSecurityPolicy = SitePolicy;
    }

    // A loop rather than LINQ: this runs on every answer, and a lambda capturing the path allocates each time.
    private static bool IsApi(PathString path)
    {
        foreach (var prefix in ApiPrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
