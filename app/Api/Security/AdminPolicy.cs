using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Security;

/// <summary>
/// Who may call what. Two policies: <c>Reader</c> on every <c>/api</c> call and <c>Admin</c> on writes. Authorization
/// runs before model binding, so a caller without credentials gets 401 before the body is read.
/// <list type="bullet">
/// <item>Sign-in off (no <c>Auth:Authority</c>): reads are open; writes need <c>X-Api-Key</c> when <c>Api:Key</c> is
/// set, else are open (both said by start-up warnings).</item>
/// <item>Sign-in on: every call needs a bearer token from the provider or the API key (scripts); writes need the admin
/// group (or the key). One forwarding scheme picks the bearer or key handler per request, so exactly one of them
/// challenges.</item>
/// </list>
/// </summary>
internal static class AdminPolicy
{
    public const string Name = "Admin";
    public const string ReaderName = "Reader";
    public const string Role = "admin";

    /// <summary>Forwards to the bearer handler, or to the key handler when the request carries only the key.</summary>
    public const string CallerScheme = "Caller";

    public static IServiceCollection AddAdminAuthorization(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AdminKey>();
        services.AddSingleton<CallerActors>();
        services.AddMemoryCache();
        services.AddHttpClient(CallerActors.UserInfoClient, client => client.Timeout = TimeSpan.FromSeconds(3));
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Routing's content-type check would answer 415 before authorization has run; the handler checks the
        // content type again when it reads the body (after authorization), so only the routing one goes.
        foreach (var accepts in services.Where(descriptor => descriptor.ServiceType == typeof(MatcherPolicy)
            && descriptor.ImplementationType?.FullName == "Microsoft.AspNetCore.Routing.Matching.AcceptsMatcherPolicy").ToList())
        {
            services.Remove(accepts);
        }
        // No default scheme, not even the one ASP.NET Core makes of a single registered scheme: only the policies
        // authenticate, so /health and the site never run a handler (the documented switch for that rule).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", isEnabled: true);
        var authentication = services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);

        // Whether sign-in is on decides which schemes exist, so it is read here; the bound options validate it at start.
        var signInEnabled = configuration.GetSection(SignInOptions.SectionName).Get<SignInOptions>()?.IsEnabled == true;
        if (signInEnabled)
        {
            authentication.AddJwtBearer(BearerTokens.SchemeName, _ => { });
            services.AddSingleton<IConfigureOptions<JwtBearerOptions>, BearerTokens.ConfigureFromSignIn>();
            authentication.AddPolicyScheme(CallerScheme, "Bearer token or API key", scheme => scheme.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count == 0 && context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : BearerTokens.SchemeName);
        }

        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<AdminKey>((authorization, adminKey) =>
        {
            authorization.AddPolicy(ReaderName, policy =>
            {
                if (signInEnabled)
                {
                    policy.AddAuthenticationSchemes(CallerScheme).RequireAuthenticatedUser();
                }
                else
                {
                    policy.RequireAssertion(_ => true);
                }
            });
            authorization.AddPolicy(Name, policy =>
            {
                if (signInEnabled)
                {
                    policy.AddAuthenticationSchemes(CallerScheme).RequireRole(Role);
                }
                else if (adminKey.IsConfigured)
                {
                    policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(Role);
                }
                else
                {
                    policy.RequireAssertion(_ => true);
                }
            });
        });
        return services;
    }

    /// <summary>Guards a write endpoint with the admin policy and documents the 401 (and the 403 of a signed-in reader).</summary>
    public static RouteHandlerBuilder RequireAdmin(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(Name).ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>Every call of the group needs a caller when sign-in is on; open otherwise.</summary>
    public static RouteGroupBuilder RequireReader(this RouteGroupBuilder group) => group.RequireAuthorization(ReaderName);

    public static bool IsRequiredBy(IEnumerable<object> endpointMetadata) =>
        endpointMetadata.OfType<IAuthorizeData>().Any(authorize => authorize.Policy == Name);

    public static bool IsReaderRequiredBy(IEnumerable<object> endpointMetadata) =>
        endpointMetadata.OfType<IAuthorizeData>().Any(authorize => authorize.Policy == ReaderName);
}
