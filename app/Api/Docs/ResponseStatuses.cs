using GistCloud.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace GistCloud.Api.Docs;

/// <summary>
/// Every status an operation can answer, documented in one place for all operations: 400 where input is checked,
/// 401 on writes, 404 where a path names something, 413/415 on bodies, 429 where visits are rate-limited, and 503
/// (with <c>Retry-After</c>) wherever storage is asked. Statuses a mapping already declares keep its description.
/// </summary>
internal sealed class ResponseStatuses(IOptions<SignInOptions> signIn) : IOpenApiOperationTransformer
{
    /// <summary>Operations that touch no storage: liveness and the in-process sync schedule.</summary>
    private static readonly HashSet<string> NoStorage = ["Health", "GetSyncStatus", "GetMe"];

    /// <summary>Rate-limited per client (the visits limiter), documented even before its metadata is on the endpoint.</summary>
    private static readonly HashSet<string> RateLimited = ["RecordVisit"];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var id = operation.OperationId ?? string.Empty;
        var path = "/" + (context.Description.RelativePath ?? string.Empty);
        var hasBody = operation.RequestBody is not null;

        if (operation.Parameters is { Count: > 0 } || hasBody)
        {
            Add(operation, context, StatusCodes.Status400BadRequest, "The input is not valid; the problem's errors name each field and say why.", "HttpValidationProblemDetails");
        }

        if (signIn.Value.IsEnabled && AdminPolicy.IsReaderRequiredBy(metadata))
        {
            Add(operation, context, StatusCodes.Status401Unauthorized,
                $"No valid bearer token (missing, expired, another issuer or audience, a bad signature) and no admin key in {ApiKeyAuthenticationHandler.HeaderName} (checked before the body is read).");
            if (AdminPolicy.IsRequiredBy(metadata))
            {
                Add(operation, context, StatusCodes.Status403Forbidden, $"Signed in, but not in the '{signIn.Value.AdminRole}' group.");
            }
        }
        else if (AdminPolicy.IsRequiredBy(metadata))
        {
            Add(operation, context, StatusCodes.Status401Unauthorized, $"The {ApiKeyAuthenticationHandler.HeaderName} header is missing or does not hold the admin key (checked before the body is read).");
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            Add(operation, context, StatusCodes.Status404NotFound, "What the path names does not exist.");
        }

        if (hasBody)
        {
            Add(operation, context, StatusCodes.Status413PayloadTooLarge, $"The body is over {Errors.RequestBodyLimit.MaxBytes} bytes.");
            Add(operation, context, StatusCodes.Status415UnsupportedMediaType, "The body is not sent as Content-Type: application/json.");
        }

        if (RateLimited.Contains(id) || metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Add(operation, context, StatusCodes.Status429TooManyRequests, "Too many calls from this client; Retry-After says when to try again.", retryAfter: true);
        }

        if (!NoStorage.Contains(id))
        {
            Add(operation, context, StatusCodes.Status503ServiceUnavailable,
                path == "/health/ready" ? "Not ready: storage does not answer." : "Storage (or the service this call needs) is unavailable; Retry-After says when to try again.");
        }

        // Whichever description a 503 or 429 has, clients learn when to come back from Retry-After.
        foreach (var status in new[] { "429", "503" })
        {
            if (operation.Responses?.TryGetValue(status, out var response) == true && response is OpenApiResponse concrete)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Retry-After"] = RetryAfter();
            }
        }

        return Task.CompletedTask;
    }

    private static void Add(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description,
        string schema = "ProblemDetails", bool retryAfter = false)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, context.Document) },
            },
            Headers = retryAfter ? new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = RetryAfter() } : null,
        };
    }

    private static OpenApiHeader RetryAfter() => new()
    {
        Description = "Seconds to wait before trying again (when the server knows).",
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
    };
}
