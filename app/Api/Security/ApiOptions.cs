using System.ComponentModel.DataAnnotations;

namespace GistCloud.Api.Security;

/// <summary>Configuration section <c>Api</c>.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string SectionName = "Api";

    /// <summary>Admin key for write calls; unset leaves writes open (with a warning at start).</summary>
    [MinLength(16, ErrorMessage = "Api:Key must be at least 16 characters long (or unset to leave writes open).")]
    public string? Key { get; set; }

    /// <summary>
    /// Take the client's address from <c>X-Forwarded-For</c> when the request comes from loopback: on Lambda the Web
    /// Adapter proxies every request from 127.0.0.1. Off by default, where clients connect directly and could forge it.
    /// </summary>
    public bool TrustForwardedFor { get; set; }

    /// <summary>The API's public base URL, written as the OpenAPI document's <c>servers</c>; unset writes none.</summary>
    public Uri? PublicUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicUrl is { } url && !(url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult(
                $"Api:PublicUrl must be an absolute http(s) URL such as https://api.example.com (or unset); got '{url}'.",
                [nameof(PublicUrl)]);
        }
    }
}
