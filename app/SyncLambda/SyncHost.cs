using GistCloud.Core;
using GistCloud.Core.Configuration;
using GistCloud.Core.Storage.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GistCloud.SyncLambda;

/// <summary>The sync worker's host: configuration from the environment, JSON console logs, the core services.</summary>
internal static class SyncHost
{
    /// <summary>The sync host's default <c>Storage:AttemptTimeout</c>.</summary>
    public static readonly TimeSpan BatchAttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The sync host's default <c>Storage:MaxRetries</c>.</summary>
    public const int BatchMaxRetries = 3;

    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddSsmSecrets();
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.UseUtcTimestamp = true;
            json.IncludeScopes = true; // each line of a run carries its RunId (SyncEngine's scope)
        });
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        // A batch job with nobody waiting: longer DynamoDB attempts and more retries ride out a blip that the API, which
        // must answer within a second, turns into a 503. Registered before the core binds its section, so settings win.
        builder.Services.Configure<StorageOptions>(storage =>
        {
            storage.AttemptTimeout = BatchAttemptTimeout;
            storage.MaxRetries = BatchMaxRetries;
        });
        builder.Services.AddGistCloudCore(builder.Configuration);
        return builder.Build();
    }
}
