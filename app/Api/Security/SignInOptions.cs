using System.ComponentModel.DataAnnotations;

namespace GistCloud.Api.Security;

/// <summary>
/// Configuration section <c>Auth</c>: team sign-in through an OpenID Connect provider (Cognito on AWS, any other
/// provider elsewhere). With <see cref="Authority"/> unset, sign-in is off and the API behaves as before: reads open,
/// writes guarded by <c>Api:Key</c> when it is set.
/// </summary>
public sealed class SignInOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>The provider's issuer, exactly as its discovery document's <c>issuer</c> (no trailing slash added).</summary>
    public string? Authority { get; set; }

    /// <summary>
    /// A token is for this API when its <c>aud</c> holds this value, or it has no <c>aud</c> and its <c>client_id</c> is
    /// this value (Cognito's access tokens name their app client so).
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>The web app's public client id, handed to it in config.json; defaults to <see cref="Audience"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The claim listing the caller's groups (Cognito: <c>cognito:groups</c>; many providers: <c>groups</c> or <c>roles</c>).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Auth:RolesClaim must name a claim (or be unset for cognito:groups).")]
    public string RolesClaim { get; set; } = "cognito:groups";

    /// <summary>The group whose members may write (add and remove users, start a sync).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Auth:AdminRole must name a group (or be unset for admins).")]
    public string AdminRole { get; set; } = "admins";

    /// <summary>Scopes the web app asks for.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Auth:Scope must list scopes (or be unset for 'openid profile email').")]
    public string Scope { get; set; } = "openid profile email";

    /// <summary>
    /// The provider's logout page when its discovery document has no <c>end_session_endpoint</c> (Cognito:
    /// <c>https://&lt;domain&gt;/logout</c>); the web app sends <c>client_id</c> and <c>logout_uri</c> to it.
    /// </summary>
    public string? SignOutUrl { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The client id the web app signs in with.</summary>
    public string? WebClientId => string.IsNullOrWhiteSpace(ClientId) ? Audience : ClientId;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsEnabled)
        {
            if (!string.IsNullOrWhiteSpace(Audience) || !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(SignOutUrl))
            {
                yield return new ValidationResult(
                    "Auth:Audience, Auth:ClientId or Auth:SignOutUrl is set but Auth:Authority is not: set the issuer to turn sign-in on, or unset them.",
                    [nameof(Authority)]);
            }

            yield break;
        }

        if (!IsAllowedUrl(Authority, out var why))
        {
            yield return new ValidationResult($"Auth:Authority {why}; got '{Authority}'.", [nameof(Authority)]);
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return new ValidationResult(
                "Auth:Audience is required with Auth:Authority: the value the API's tokens carry in aud (or client_id, as Cognito's do).",
                [nameof(Audience)]);
        }

        if (SignOutUrl is { Length: > 0 } && !IsAllowedUrl(SignOutUrl, out why))
        {
            yield return new ValidationResult($"Auth:SignOutUrl {why}; got '{SignOutUrl}'.", [nameof(SignOutUrl)]);
        }
    }

    /// <summary>https anywhere; http only on this machine (a local provider), since tokens and keys travel over it.</summary>
    private static bool IsAllowedUrl(string? text, out string why)
    {
        why = "must be an absolute https URL (http only on 127.0.0.1 or localhost)";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            return false;
        }

        return url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback);
    }
}
