using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Security;

/// <summary>
/// The <c>ApiKey</c> scheme: a request whose <c>X-Api-Key</c> header holds the admin key is the admin. Challenges and
/// forbids answer RFC 9457 problems that say which header is missing or wrong, never the key.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AdminKey adminKey,
    IOptions<SignInOptions> signIn,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var given = Request.Headers[HeaderName];
        if (!adminKey.IsConfigured || given.Count == 0 || (given.Count == 1 && string.IsNullOrEmpty(given[0])))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // With sign-in on, browsers sign in: a key pasted into a page would outlive the person who pasted it. Browsers
        // mark their requests (Origin on writes and cross-origin calls, Sec-Fetch-Site on all); scripts send neither.
        if (signIn.Value.IsEnabled && (Request.Headers.ContainsKey("Origin") || Request.Headers.ContainsKey("Sec-Fetch-Site")))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {HeaderName} header is for scripts; in a browser, sign in."));
        }

        if (given.Count != 1 || !adminKey.Matches(given[0]!))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {HeaderName} header does not hold the admin key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, AdminPolicy.Role)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "Unauthorized.",
            result.Failure?.Message ?? $"This call needs the admin key in the {HeaderName} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden.", "The caller is known but may not make this call.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
