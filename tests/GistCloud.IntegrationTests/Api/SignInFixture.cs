using System.Net.Http.Headers;
using GistCloud.Fakes.OpenId;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GistCloud.IntegrationTests.Api;

/// <summary>
/// The real API with sign-in on (Cognito's settings: audience = the app client, groups in <c>cognito:groups</c>),
/// trusting a <see cref="FakeOpenIdProvider"/> on 127.0.0.1 whose keys the tests control; the JWKS is fetched over
/// real HTTP by ASP.NET Core's JwtBearer.
/// </summary>
public sealed class SignInFixture : IAsyncLifetime
{
    public const string ClientId = "5rl1mv0g8q1gistcloudweb";
    public const string AdminGroup = "admins";

    public GistCloudApiFactory Base { get; } = new();

    public FakeOpenIdProvider Provider { get; private set; } = null!;

    public WebApplicationFactory<Program> Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)Base).InitializeAsync();
        Provider = await FakeOpenIdProvider.StartAsync();
        Api = Base.WithWebHostBuilder(b => SignInOn(b, Provider));
    }

    /// <summary>Sign-in settings as Pulumi sets them on AWS, pointed at <paramref name="provider"/>.</summary>
    public static void SignInOn(IWebHostBuilder builder, FakeOpenIdProvider provider) => builder
        .UseSetting("Auth:Authority", provider.Issuer)
        .UseSetting("Auth:Audience", ClientId)
        .UseSetting("Auth:RolesClaim", "cognito:groups")
        .UseSetting("Auth:AdminRole", AdminGroup);

    /// <summary>
    /// A client calling as a signed-in person: an admin when <paramref name="groups"/> holds the admin group. Like
    /// Cognito's, the token names nobody: the person's name is their pool attribute, which userinfo answers.
    /// </summary>
    public HttpClient ClientFor(string subject, string? name = null, params string[] groups)
    {
        Provider.SetProfile(subject, name);
        return WithToken(Provider.CognitoAccessToken(subject, ClientId, groups.Length == 0 ? null : groups));
    }

    public HttpClient WithToken(string token)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await ((IAsyncLifetime)Base).DisposeAsync();
        await Provider.DisposeAsync();
    }
}
