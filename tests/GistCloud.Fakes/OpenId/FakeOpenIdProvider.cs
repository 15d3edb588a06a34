using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GistCloud.Fakes.OpenId;

/// <summary>
/// The token-checking half of an OpenID provider, with keys the test controls: an OpenID Connect discovery document
/// (the fields OpenID Connect Discovery 1.0 requires) and a JWKS (RFC 7517), served by Kestrel on 127.0.0.1, and
/// RS256 access tokens shaped like Cognito's (<c>client_id</c>, no <c>aud</c>, <c>token_use</c>,
/// <c>cognito:groups</c>) or like most providers' (<c>aud</c>). Tokens are signed here by hand (RFC 7515 compact
/// form) so tests can also make the ones no library would: <c>alg: none</c>, tampered, foreign keys. The login half
/// (pages, code flow) is the real oidc-provider in tools/oidc-server, used by the browser tests.
/// </summary>
public sealed class FakeOpenIdProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RSA> _published = new();
    private readonly ConcurrentDictionary<string, (string? Name, string? Email)> _profiles = new();
    private int _jwksRequests;
    private int _userInfoRequests;

    private FakeOpenIdProvider(WebApplication app, Uri issuer)
    {
        _app = app;
        Issuer = issuer.ToString().TrimEnd('/');
        CurrentKeyId = AddKey();
    }

    /// <summary>The issuer, without a trailing slash, as in <c>iss</c> and the discovery document.</summary>
    public string Issuer { get; }

    /// <summary>The key new tokens are signed with.</summary>
    public string CurrentKeyId { get; private set; }

    /// <summary>How often the JWKS was fetched: the API caches it.</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>How often the userinfo endpoint answered a valid token.</summary>
    public int UserInfoRequests => Volatile.Read(ref _userInfoRequests);

    /// <summary>What the userinfo endpoint says of a person (Cognito: the pool's name and email attributes).</summary>
    public void SetProfile(string subject, string? name, string? email = null) => _profiles[subject] = (name, email);

    public static async Task<FakeOpenIdProvider> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeOpenIdProvider? provider = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(provider!.Discovery(), "application/json"));
        app.MapGet("/.well-known/jwks.json", () =>
        {
            Interlocked.Increment(ref provider!._jwksRequests);
            return Results.Text(provider.Jwks(), "application/json");
        });
        // Like Cognito's /oauth2/userInfo: the caller's own access token, checked, answers their attributes; else 401.
        app.MapGet("/oauth2/userInfo", (HttpRequest request) =>
        {
            var subject = provider!.SubjectOfValidToken(request.Headers.Authorization.ToString());
            if (subject is null)
            {
                return Results.Json(new { error = "invalid_token" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            Interlocked.Increment(ref provider._userInfoRequests);
            var profile = provider._profiles.GetValueOrDefault(subject);
            return Results.Text(new JsonObject { ["sub"] = subject, ["name"] = profile.Name, ["email"] = profile.Email }.ToJsonString(), "application/json");
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new FakeOpenIdProvider(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        return provider;
    }

    /// <summary>Publishes a new key and signs new tokens with it; the old key stays published (as providers do during a rotation) unless <paramref name="retireOld"/>.</summary>
    public string RotateKey(bool retireOld = false)
    {
        var old = CurrentKeyId;
        CurrentKeyId = AddKey();
        if (retireOld && _published.TryRemove(old, out var retired))
        {
            retired.Dispose();
        }

        return CurrentKeyId;
    }

    /// <summary>
    /// An access token as Cognito issues it: <c>client_id</c> names the app client, no <c>aud</c>, and no name: its
    /// <c>username</c> is a generated id (the subject) in a pool where people sign in by e-mail address.
    /// </summary>
    public string CognitoAccessToken(string subject, string clientId, IEnumerable<string>? groups = null, string? username = null, TimeSpan? lifetime = null) =>
        Sign(Claims(subject, lifetime, new JsonObject
        {
            ["client_id"] = clientId,
            ["token_use"] = "access",
            ["scope"] = "openid profile email",
            ["username"] = username ?? subject,
            ["cognito:groups"] = groups is null ? null : new JsonArray([.. groups.Select(g => JsonValue.Create(g))]),
        }));

    /// <summary>An access token with <c>aud</c> (RFC 9068's shape, as most providers issue them).</summary>
    public string AccessToken(string subject, string audience, IEnumerable<string>? groups = null, string? name = null, string groupsClaim = "groups", TimeSpan? lifetime = null) =>
        Sign(Claims(subject, lifetime, new JsonObject
        {
            ["aud"] = audience,
            ["client_id"] = "gistcloud-web",
            ["name"] = name,
            [groupsClaim] = groups is null ? null : new JsonArray([.. groups.Select(g => JsonValue.Create(g))]),
        }), type: "at+jwt");

    /// <summary>Any claims, signed with the current key (or the given one); for the tokens tests must see refused.</summary>
    public string Sign(JsonObject payload, string? keyId = null, string type = "JWT")
    {
        var kid = keyId ?? CurrentKeyId;
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = kid, ["typ"] = type };
        var signingInput = $"{Base64Url(header)}.{Base64Url(payload)}";
        var signature = _published[kid].SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>
    /// Claims signed by a key this provider never published, under the current key's id (a forgery) or a fresh id
    /// (a key the API has never seen, which makes it fetch the JWKS again before refusing).
    /// </summary>
    public static string SignWithUnpublishedKey(JsonObject payload, string keyId)
    {
        using var forger = RSA.Create(2048);
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = keyId, ["typ"] = "JWT" };
        var signingInput = $"{Base64Url(header)}.{Base64Url(payload)}";
        var signature = forger.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>The standard claims of a token from this issuer, expiring after <paramref name="lifetime"/> (negative: already expired).</summary>
    public JsonObject Claims(string subject, TimeSpan? lifetime = null, JsonObject? extra = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromMinutes(10)).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        foreach (var (name, value) in extra ?? [])
        {
            if (value is not null)
            {
                claims[name] = value.DeepClone();
            }
        }

        return claims;
    }

    public static string Base64Url(JsonNode json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));

    public static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The subject of a bearer token signed with a published key and not expired; null otherwise.</summary>
    private string? SubjectOfValidToken(string authorization)
    {
        const string prefix = "Bearer ";
        var parts = authorization.StartsWith(prefix, StringComparison.Ordinal) ? authorization[prefix.Length..].Split('.') : [];
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(FromBase64Url(parts[0]))!;
            var payload = JsonNode.Parse(FromBase64Url(parts[1]))!;
            var valid = header["kid"]?.GetValue<string>() is { } kid
                && _published.TryGetValue(kid, out var key)
                && key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                && payload["exp"]?.GetValue<long>() > DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return valid ? payload["sub"]?.GetValue<string>() : null;
        }
        catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    private string AddKey()
    {
        var kid = Guid.NewGuid().ToString("N")[..16];
        _published[kid] = RSA.Create(2048);
        return kid;
    }

    private string Discovery() => new JsonObject
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/oauth2/authorize",
        ["token_endpoint"] = $"{Issuer}/oauth2/token",
        ["jwks_uri"] = $"{Issuer}/.well-known/jwks.json",
        ["userinfo_endpoint"] = $"{Issuer}/oauth2/userInfo",
        ["response_types_supported"] = new JsonArray("code"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["scopes_supported"] = new JsonArray("openid", "profile", "email"),
    }.ToJsonString();

    private string Jwks() => new JsonObject
    {
        ["keys"] = new JsonArray([.. _published.Select(pair =>
        {
            var key = pair.Value.ExportParameters(includePrivateParameters: false);
            return (JsonNode)new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = pair.Key,
                ["n"] = Base64Url(key.Modulus),
                ["e"] = Base64Url(key.Exponent),
            };
        })]),
    }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var key in _published.Values)
        {
            key.Dispose();
        }
    }
}
