using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GistCloud.Core.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>The sync engine and its parts. Transient: the Pipedrive publisher under it is a typed (transient) HttpClient.</summary>
    public static IServiceCollection AddSyncEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SyncOptions>()
            .Bind(configuration.GetSection(SyncOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<UserScanner>();
        services.TryAddTransient<OutboxRelay>();
        services.TryAddTransient<SyncEngine>();
        services.TryAddSingleton<SyncRunRequester>();
        return services;
    }
}
