using GistCloud.Api.Docs;
using GistCloud.Api.Security;
using GistCloud.Core.GitHub;
using Microsoft.Extensions.Options;
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

    private const string GitHubApiHost = "api.github.com";

    /// <summary>
    /// <see cref="SitePolicy"/> for the GitHub this API reads: another GitHub (Enterprise Server, or the offline
    /// demo's fake) serves avatars from its own origin, so that origin may serve images too.
    /// </summary>
    public static string SitePolicyFor(Uri gitHubBaseUrl, SignInOptions? signIn = null)
    {
        var policy = SitePolicy;
        if (gitHubBaseUrl.IsAbsoluteUri && !string.Equals(gitHubBaseUrl.Host, GitHubApiHost, StringComparison.OrdinalIgnoreCase))
        {
            var origin = gitHubBaseUrl.GetLeftPart(UriPartial.Authority);
            policy = policy.Replace("https://avatars.githubusercontent.com;", $"https://avatars.githubusercontent.com {origin};", StringComparison.Ordinal);
        }

        // With sign-in on, the web app reads the provider's discovery document and keys, and renews tokens at its token
        // endpoint: the issuer's origin. The sign-in pages themselves are top-level navigations, which connect-src does not govern.
        if (signIn is { IsEnabled: true })
        {
            var origins = new[] { signIn.Authority, signIn.SignOutUrl }
                .Where(url => url is { Length: > 0 })
                .Select(url => new Uri(url!).GetLeftPart(UriPartial.Authority))
                .Distinct(StringComparer.OrdinalIgnoreCase);
            policy = policy.Replace("connect-src 'self';", $"connect-src 'self' {string.Join(' ', origins)};", StringComparison.Ordinal);
        }

        return policy;
    }

    private static readonly string[] ApiPrefixes = ["/api", "/health", "/openapi"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var sitePolicy = SitePolicyFor(
            app.ApplicationServices.GetRequiredService<IOptions<GitHubOptions>>().Value.BaseUrl,
            app.ApplicationServices.GetRequiredService<IOptions<SignInOptions>>().Value);
        // One delegate for the app's life: a lambda capturing the policy per request would allocate on every answer.
        Func<object, Task> onStarting = state =>
        {
            Apply((HttpContext)state, sitePolicy);
            return Task.CompletedTask;
        };
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(onStarting, context);
            return ApiReferencePage.IsPage(context.Request.Path)
                ? ApiReferencePage.SendWithScriptHashesAsync(context, next)
                : next(context);
        });
    }

    private static void Apply(HttpContext context, string sitePolicy)
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

        headers.ContentSecurityPolicy = sitePolicy;
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
