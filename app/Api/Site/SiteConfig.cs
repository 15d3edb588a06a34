using System.Text.Json;
using System.Text.Json.Serialization;
using GistCloud.Api.Security;

namespace GistCloud.Api.Site;

/// <summary>
/// The web app's <c>/config.json</c> when this API serves it: the API base and, with sign-in on, where and how to sign
/// in, from the same <c>Auth</c> settings the API checks tokens with (on AWS, Pulumi writes the same shape to S3).
/// </summary>
/// <param name="Auth">Absent when sign-in is off: the web app then works as before (the admin key for writes).</param>
public sealed record SiteConfig(string ApiBase, SiteSignInConfig? Auth)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static SiteConfig From(SignInOptions signIn) => new(
        "/api",
        signIn.IsEnabled ? new SiteSignInConfig(signIn.Authority!.TrimEnd('/'), signIn.WebClientId!, signIn.Scope, signIn.SignOutUrl) : null);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <param name="SignOutUrl">The provider's logout page when its discovery document names none (Cognito).</param>
public sealed record SiteSignInConfig(string Authority, string ClientId, string Scope, string? SignOutUrl);
