using GistCloud.Api.Security;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace GistCloud.Api.Site;

/// <summary>
/// Serves the built SPA (web/dist) on the API's port: its files, and index.html for any other GET that no
/// endpoint matched (deep links like /users/octocat). Paths the API owns and paths that name a file are never
/// answered with index.html, so their 404s stay 404s.
/// </summary>
internal static partial class SiteHosting
{
    private const string ConfigPath = "/config.json";

    private static readonly string[] ApiPrefixes = ["/api", "/health", "/openapi", "/docs"];

    public static WebApplication UseSite(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SiteHosting));
        if (SiteRoot.Find(app.Configuration, app.Environment.ContentRootPath, out var lookedAt) is not { } root)
        {
            LogNoSite(logger, lookedAt, SiteRoot.ConfigKey);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        // Answered here rather than from the build's config.json, so the web app signs in where the API checks tokens.
        var config = SiteConfig.From(app.Services.GetRequiredService<IOptions<SignInOptions>>().Value).ToUtf8Json();
        app.Use((context, next) => IsConfigRequest(context.Request) ? SendConfigAsync(context, config) : next(context));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = SetCaching });
        app.Use((context, next) => IsDeepLink(context) ? SendIndexAsync(context, files) : next(context));
        LogServing(logger, root);
        return app;
    }

    private static bool IsConfigRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Path.Equals(ConfigPath, StringComparison.OrdinalIgnoreCase);

    private static Task SendConfigAsync(HttpContext context, byte[] config)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentLength = config.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(config, context.RequestAborted).AsTask();
    }

    private static bool IsDeepLink(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        return context.GetEndpoint() is null
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !ApiPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            && !Path.HasExtension(path);
    }

    private static Task SendIndexAsync(HttpContext context, PhysicalFileProvider files)
    {
        var index = files.GetFileInfo("index.html");
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.SendFileAsync(index, context.RequestAborted);
    }

    // Vite fingerprints everything under assets/; index.html and config.json must be revalidated to pick up a deploy.
    private static void SetCaching(StaticFileResponseContext file) =>
        file.Context.Response.Headers[HeaderNames.CacheControl] =
            file.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache";

    [LoggerMessage(Level = LogLevel.Information, Message = "No web app at {LookedAt} (set {ConfigKey} to the built web/dist): serving the API only")]
    private static partial void LogNoSite(ILogger logger, string lookedAt, string configKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the web app from {Root}")]
    private static partial void LogServing(ILogger logger, string root);
}
