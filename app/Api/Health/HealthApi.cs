using GistCloud.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GistCloud.Api.Health;

/// <summary>Liveness (no I/O) and readiness (DynamoDB answers).</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");
        group.MapGet("/", () => TypedResults.Ok(new HealthResponse("ok")))
            .WithName("Health").WithSummary("Liveness: the process answers.");
        group.MapGet("/ready", Ready)
            .WithName("Ready").WithSummary("Readiness: DynamoDB answers.");
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> Ready(StorageHealth storage, CancellationToken cancellationToken) =>
        await storage.IsReadyAsync(cancellationToken)
            ? TypedResults.Ok(new HealthResponse("ready"))
            : TypedResults.Problem("DynamoDB did not answer.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready.");
}
