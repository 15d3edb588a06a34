using Scalar.AspNetCore;

namespace GistCloud.Api.Docs;

/// <summary>
/// The OpenAPI document and its reader at /docs (Scalar), working offline: Scalar's script comes from the
/// package's embedded assets, and nothing on the page reaches Scalar's cloud (fonts CDN, AI agent, MCP,
/// the developer toolbar's Share / Deploy / Generate SDK, telemetry).
/// </summary>
internal static class ApiReference
{
    public const string Path = "/docs";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(Path, options => options
            .WithTitle("GistCloud API")
            .DisableDefaultFonts()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .DisableTelemetry());
        return app;
    }
}
