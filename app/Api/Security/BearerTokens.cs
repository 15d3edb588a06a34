using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GistCloud.Api.Security;

/// <summary>
/// The <c>Bearer</c> scheme when sign-in is on: ASP.NET Core's JwtBearer against the provider's discovery document
/// and JWKS (cached; fetched again when a token names a key it has not seen, so a key rotation just works). Checks
/// signature, issuer, audience (or Cognito's client_id), lifetime; maps the admin group to the admin role.
/// </summary>
internal static class BearerTokens
{
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;
    public const string SubjectClaim = "sub";

    /// <summary>
    /// The role claim the API itself grants (admin). Private, and removed from incoming tokens first, so no token can
    /// name itself admin by carrying a role claim; only the configured group claim counts.
    /// </summary>
    public const string RoleClaim = "gistcloud:role";

    // Asymmetric algorithms only: a provider signs with its private key, the API checks with the published public one.
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private static readonly string[] NameClaims = ["name", "preferred_username", "username", "email"];

    public static void Configure(JwtBearerOptions jwt, SignInOptions signIn, IProblemDetailsService problems)
    {
        var authority = signIn.Authority!.TrimEnd('/');
        jwt.Authority = authority;
        jwt.MetadataAddress = authority + "/.well-known/openid-configuration";
        jwt.RequireHttpsMetadata = authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        jwt.MapInboundClaims = false; // claim types as the provider wrote them: sub, cognito:groups, ...
        jwt.IncludeErrorDetails = false; // the challenge below says what failed, in words that leak nothing
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true, // against the discovery document's issuer
            ValidateAudience = true,
            AudienceValidator = (audiences, token, _) => IsForThisApi(audiences, token, signIn.Audience!),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = Algorithms,
            ClockSkew = TimeSpan.FromMinutes(1),
            NameClaimType = "name",
            RoleClaimType = RoleClaim,
        };
        // A token naming a key the cached JWKS lacks makes JwtBearer fetch the keys again (refusing that one call); at most
        // once a minute rather than the default five, so a second rotation soon after the first is picked up quickly too.
        jwt.RefreshInterval = TimeSpan.FromMinutes(1);
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context => CheckValidated(context, signIn),
            OnChallenge = context => ChallengeAsync(context, problems),
            OnForbidden = context => ForbidAsync(context, problems, signIn),
        };
    }

    /// <summary>The caller's display name from the first of the usual claims that has one.</summary>
    public static string? DisplayName(ClaimsPrincipal user) =>
        NameClaims.Select(type => user.FindFirst(type)?.Value).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));

    private static bool IsForThisApi(IEnumerable<string> audiences, SecurityToken token, string audience)
    {
        var listed = audiences.ToList();
        if (listed.Count > 0)
        {
            return listed.Contains(audience, StringComparer.Ordinal);
        }

        return token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>("client_id", out var clientId) && clientId == audience;
    }

    private static Task CheckValidated(TokenValidatedContext context, SignInOptions signIn)
    {
        var principal = context.Principal!;
        var subject = principal.FindFirst(SubjectClaim)?.Value;
        if (string.IsNullOrEmpty(subject) || subject.Length > Core.Domain.Actors.Actor.MaxSubjectLength)
        {
            context.Fail("The token names no subject (sub).");
            return Task.CompletedTask;
        }

        // ID tokens are for the web app; where the audience is the web client itself one would otherwise pass here.
        if (!IsAccessToken(context.SecurityToken as JsonWebToken, principal))
        {
            context.Fail("The token is not an access token.");
            return Task.CompletedTask;
        }

        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var smuggled in identity.FindAll(RoleClaim).ToList())
        {
            identity.RemoveClaim(smuggled);
        }

        if (principal.FindAll(signIn.RolesClaim).Any(group => string.Equals(group.Value, signIn.AdminRole, StringComparison.Ordinal)))
        {
            identity.AddClaim(new Claim(RoleClaim, AdminPolicy.Role));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// An access token says so one way or another: Cognito's <c>token_use: access</c>, RFC 9068's header
    /// <c>typ: at+jwt</c>, Keycloak's <c>typ: Bearer</c>, or a <c>scope</c>/<c>scp</c> claim (OpenID Connect's ID
    /// tokens carry none). A token with an ID token's own claims (<c>nonce</c>, <c>at_hash</c>) or marker never is.
    /// </summary>
    private static bool IsAccessToken(JsonWebToken? token, ClaimsPrincipal principal)
    {
        if (token is null
            || principal.HasClaim(c => c.Type is "nonce" or "at_hash")
            || principal.FindFirst("token_use")?.Value is { } use && use != "access"
            || principal.FindFirst("typ")?.Value is { } payloadType && !string.Equals(payloadType, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return principal.HasClaim(c => c.Type is "token_use" or "scope" or "scp")
            || string.Equals(token.Typ, "at+jwt", StringComparison.OrdinalIgnoreCase)
            || string.Equals(token.Typ, "application/at+jwt", StringComparison.OrdinalIgnoreCase)
            || principal.HasClaim("typ", "Bearer");
    }

    private static async Task ChallengeAsync(JwtBearerChallengeContext context, IProblemDetailsService problems)
    {
        context.HandleResponse();
        var failure = context.AuthenticateFailure;
        var detail = failure switch
        {
            null => $"This call needs a bearer token from the sign-in provider (Authorization: Bearer …), or the admin key in {ApiKeyAuthenticationHandler.HeaderName} for scripts.",
            SecurityTokenExpiredException => "The token has expired: sign in again (or renew it).",
            SecurityTokenNotYetValidException => "The token is not valid yet.",
            SecurityTokenInvalidIssuerException => "The token was issued by another provider.",
            SecurityTokenInvalidAudienceException => "The token is for another application.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature does not check out.",
            SecurityTokenInvalidAlgorithmException => "The token is not signed with an accepted algorithm.",
            AuthenticationFailureException => failure.Message,
            _ => "The token is not valid.",
        };
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = failure is null ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{detail}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized.", Detail = detail },
        });
    }

    private static async Task ForbidAsync(ForbiddenContext context, IProblemDetailsService problems, SignInOptions signIn)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden.",
                Detail = $"Only members of the '{signIn.AdminRole}' group may make this call; you are signed in as a reader.",
            },
        });
    }

    /// <summary>Binds the JwtBearer options from <see cref="SignInOptions"/> once the container is built.</summary>
    public sealed class ConfigureFromSignIn(IOptions<SignInOptions> signIn, IProblemDetailsService problems) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name == SchemeName)
            {
                BearerTokens.Configure(options, signIn.Value, problems);
            }
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }
}
