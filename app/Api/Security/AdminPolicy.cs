using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace GistCloud.Api.Security;

/// <summary>
/// The <c>Admin</c> authorization policy on write calls. Authorization runs before model binding, so a caller without
/// the key gets 401 before the body is read. With <c>Api:Key</c> unset the policy lets everyone through (writes open,
/// as the start-up warning says). A later scheme (a JWT bearer) only needs to add itself here and grant the role.
/// </summary>
internal static class AdminPolicy
{
    public const string Name = "Admin";
    public const string Role = "admin";

    public static IServiceCollection AddAdminAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<AdminKey>();

        // Routing's content-type check would answer 415 before authorization has run; the handler checks the
        // content type again when it reads the body (after authorization), so only the routing one goes.
        foreach (var accepts in services.Where(descriptor => descriptor.ServiceType == typeof(MatcherPolicy)
            && descriptor.ImplementationType?.FullName == "Microsoft.AspNetCore.Routing.Matching.AcceptsMatcherPolicy").ToList())
        {
            services.Remove(accepts);
        }
        // No default scheme, not even the one ASP.NET Core makes of a single registered scheme: only the admin policy
        // authenticates, so reads and /health never run the key handler (the documented switch for that rule).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", isEnabled: true);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<AdminKey>((authorization, adminKey) =>
            authorization.AddPolicy(Name, policy =>
            {
                if (adminKey.IsConfigured)
                {
                    policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(Role);
                }
                else
                {
                    policy.RequireAssertion(_ => true);
                }
            }));
        return services;
    }

    /// <summary>Guards a write endpoint with the admin policy and documents the 401.</summary>
    public static RouteHandlerBuilder RequireAdmin(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(Name).ProducesProblem(StatusCodes.Status401Unauthorized);

    public static bool IsRequiredBy(IEnumerable<object> endpointMetadata) =>
        endpointMetadata.OfType<IAuthorizeData>().Any(authorize => authorize.Policy == Name);
}
