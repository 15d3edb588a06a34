using System.Security.Cryptography;
using System.Text;
using GistCloud.Api.Errors;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Security;

/// <summary>Write calls need <c>X-Api-Key</c> when <c>Api:Key</c> is configured.</summary>
internal sealed class ApiKeyFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    // Hashing both sides first makes the comparison constant-time in the key's length too.
    private readonly byte[]? _expectedHash = options.Value.Key is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
        : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_expectedHash is null)
        {
            return await next(context);
        }

        var given = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (given.Length == 0)
        {
            return Problems.Unauthorized($"This call needs the admin key in the {HeaderName} header.");
        }

        var givenHash = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        return CryptographicOperations.FixedTimeEquals(givenHash, _expectedHash)
            ? await next(context)
            : Problems.Unauthorized($"The {HeaderName} header does not hold the admin key.");
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
