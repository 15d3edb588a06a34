using GistCloud.Core;
using GistCloud.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GistCloud.SyncLambda;

/// <summary>The sync worker's host: configuration from the environment, JSON console logs, the core services.</summary>
internal static class SyncHost
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddSsmSecrets();
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json => json.UseUtcTimestamp = true);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Services.AddGistCloudCore(builder.Configuration);
        return builder.Build();
    }
}
