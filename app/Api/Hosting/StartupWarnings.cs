using GistCloud.Api.Security;
using GistCloud.Core.GitHub;
using GistCloud.Core.Pipedrive;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Hosting;

/// <summary>
/// Says at start what the configuration leaves open or limited, without ever printing a secret.
/// A blank secret counts as unset, the rule <c>GitHubOptions.HasToken</c> and <c>PipedriveOptions.IsEnabled</c> apply.
/// </summary>
internal sealed partial class StartupWarnings(
    IOptions<ApiOptions> api,
    IOptions<SignInOptions> signIn,
    IOptions<GitHubOptions> gitHub,
    IOptions<PipedriveOptions> pipedrive,
    ILogger<StartupWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!signIn.Value.IsEnabled)
        {
            LogSignInOff();
            if (string.IsNullOrWhiteSpace(api.Value.Key))
            {
                LogWritesOpen();
            }
        }
        else
        {
            LogSignInOn(signIn.Value.Authority!, signIn.Value.AdminRole, signIn.Value.RolesClaim);
        }

        if (string.IsNullOrWhiteSpace(gitHub.Value.Token))
        {
            LogNoGitHubToken();
        }

        if (!pipedrive.Value.IsEnabled)
        {
            LogPipedriveDisabled();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:Authority is not set: sign-in is off, so anyone who can reach the API reads every user, gist and sync run")]
    private partial void LogSignInOff();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in is on: tokens from {Authority}; writes need the group {AdminRole} in the {RolesClaim} claim, or the API key")]
    private partial void LogSignInOn(string authority, string adminRole, string rolesClaim);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Api:Key is not set: write calls (adding and removing users) are open to anyone who can reach the API")]
    private partial void LogWritesOpen();

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub:Token is not set: GitHub allows 60 requests an hour and counts every 304")]
    private partial void LogNoGitHubToken();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipedrive:ApiToken is not set: gists are stored with status 'disabled' and not published")]
    private partial void LogPipedriveDisabled();
}
