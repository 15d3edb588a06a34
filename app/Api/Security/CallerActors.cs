using System.Net.Http.Headers;
using System.Text.Json;
using GistCloud.Core.Domain.Actors;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Security;

/// <summary>
/// Who to record for a change. A person's name comes from their access token when it carries one; Cognito's carry only
/// <c>username</c>, which is a generated id when people sign in with their e-mail address, so the name is then asked
/// of the provider's userinfo endpoint (with the caller's own token), once per person an hour. A provider that does
/// not answer leaves the token's username: recording the change never waits on it for long, nor fails for it.
/// </summary>
internal sealed partial class CallerActors(
    IOptionsMonitor<JwtBearerOptions> bearer,
    IHttpClientFactory httpClients,
    IMemoryCache names,
    ILogger<CallerActors> logger)
{
    public const string UserInfoClient = "userinfo";
    private static readonly TimeSpan Remembered = TimeSpan.FromHours(1);
    private static readonly TimeSpan RememberedMissing = TimeSpan.FromMinutes(5);
    private static readonly string[] PersonNameClaims = ["name", "preferred_username", "email"];

    public async Task<Actor> OfAsync(HttpContext context)
    {
        var actor = Callers.ActorOf(context.User);
        if (actor.Kind != ActorKind.Person || PersonNameClaims.Any(type => context.User.HasClaim(c => c.Type == type && c.Value.Length > 0)))
        {
            return actor;
        }

        var key = $"userinfo-name:{actor.Subject}";
        if (!names.TryGetValue(key, out string? name))
        {
            name = await AskUserInfoAsync(context);
            names.Set(key, name, name is null ? RememberedMissing : Remembered);
        }

        return name is null ? actor : Actor.Person(actor.Subject!, name);
    }

    private async Task<string?> AskUserInfoAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization is not [{ } authorization] || !AuthenticationHeaderValue.TryParse(authorization, out var header))
        {
            return null;
        }

        try
        {
            var configuration = await bearer.Get(BearerTokens.SchemeName).ConfigurationManager!.GetConfigurationAsync(context.RequestAborted);
            if (string.IsNullOrEmpty(configuration.UserInfoEndpoint))
            {
                return null;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, configuration.UserInfoEndpoint) { Headers = { Authorization = header } };
            using var response = await httpClients.CreateClient(UserInfoClient).SendAsync(request, context.RequestAborted);
            if (!response.IsSuccessStatusCode)
            {
                LogUserInfoRefused((int)response.StatusCode);
                return null;
            }

            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.RequestAborted), cancellationToken: context.RequestAborted);
            return PersonNameClaims
                .Select(claim => body.RootElement.TryGetProperty(claim, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null)
                .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or InvalidOperationException
            || (exception is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            LogUserInfoFailed(exception.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sign-in provider's userinfo endpoint answered {Status}; the change is recorded with the token's username")]
    private partial void LogUserInfoRefused(int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sign-in provider's userinfo endpoint did not answer ({Error}); the change is recorded with the token's username")]
    private partial void LogUserInfoFailed(string error);
}
