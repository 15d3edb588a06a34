using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Infrastructure;

/// <summary>Write calls need <c>X-Api-Key</c> when <c>Api:Key</c> is configured.</summary>
internal sealed class ApiKeyFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    // Hashing both sides first makes the comparison constant-time in the key's length too.
    private readonly byte[]? expectedHash = options.Value.Key is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
        : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (expectedHash is null)
        {
            return await next(context);
        }

        var given = context.HttpContext.Request.Headers[ApiHeaders.ApiKey].ToString();
        if (given.Length == 0)
        {
            return Problems.Unauthorized($"This call needs the admin key in the {ApiHeaders.ApiKey} header.");
        }

        var givenHash = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        return CryptographicOperations.FixedTimeEquals(givenHash, expectedHash)
            ? await next(context)
            : Problems.Unauthorized($"The {ApiHeaders.ApiKey} header does not hold the admin key.");
    }
}

internal static class ApiKeyEndpointExtensions
{
    /// <summary>Guards a write endpoint with the admin key and documents the 401.</summary>
    public static RouteHandlerBuilder RequireApiKey(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ApiKeyFilter>()
            .WithMetadata(new RequiresApiKey())
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
