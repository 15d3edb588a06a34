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
            RoleClaimType = ClaimTypes.Role,
        };
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

        // Cognito marks its ID tokens token_use=id; they are for the web app, not for calling the API.
        if (principal.FindFirst("token_use")?.Value is { } use && use != "access")
        {
            context.Fail("The token is not an access token.");
            return Task.CompletedTask;
        }

        if (principal.FindAll(signIn.RolesClaim).Any(group => string.Equals(group.Value, signIn.AdminRole, StringComparison.Ordinal)))
        {
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, AdminPolicy.Role));
        }

        return Task.CompletedTask;
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
