using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GistCloud.Core.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISyncRunMetrics"/>: EMF lines on stdout when <c>Sync:MetricsNamespace</c> is set (with
    /// <c>Sync:MetricsStage</c>, which SyncOptions' validation requires then), else a recorder that does nothing.
    /// Read here rather than from SyncOptions because an adapter does not know the Sync use case.
    /// </summary>
    public static IServiceCollection AddSyncRunMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var metricsNamespace = configuration["Sync:MetricsNamespace"];
        if (string.IsNullOrWhiteSpace(metricsNamespace))
        {
            services.TryAddSingleton<ISyncRunMetrics, NoSyncRunMetrics>();
            return services;
        }

        services.TryAddSingleton(new EmbeddedMetricsOptions(metricsNamespace, configuration["Sync:MetricsStage"] ?? string.Empty));
        // Console.Out when first needed: on Lambda it is the runtime's writer, which makes each WriteLine one log event.
        services.TryAddSingleton(_ => new EmbeddedMetricsOutput(Console.Out));
        services.TryAddSingleton<ISyncRunMetrics, EmbeddedMetricsWriter>();
        return services;
    }
}
