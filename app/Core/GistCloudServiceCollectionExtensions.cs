using GistCloud.Core.GitHub;
using GistCloud.Core.Monitoring;
using GistCloud.Core.Pipedrive;
using GistCloud.Core.Queueing;
using GistCloud.Core.Storage;
using GistCloud.Core.Sync;
using GistCloud.Core.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.Core;

/// <summary>The core every host needs: storage, GitHub, Pipedrive, the sync engine and the use cases.</summary>
public static class GistCloudServiceCollectionExtensions
{
    public static IServiceCollection AddGistCloudCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGistCloudStorage(configuration);
        services.AddGitHubReader(configuration);
        services.AddPipedrivePublisher(configuration);
        services.AddSyncEngine(configuration);
        services.AddSyncRunQueue(configuration);
        services.AddSyncRunMetrics(configuration);
        services.AddSingleton<UserTracker>();
        return services;
    }
}
