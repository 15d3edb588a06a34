using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Pipedrive;

public static class PipedriveServiceCollectionExtensions
{
    private const string TokenHeader = "x-api-token";

    /// <summary>
    /// Registers <see cref="GistPublisher"/> over the typed <see cref="PipedriveClient"/>: options from section
    /// <c>Pipedrive</c> (validated at start), base address and token header, and the resilience pipeline.
    /// Without a token everything still resolves; <see cref="GistPublisher.IsEnabled"/> is then false.
    /// </summary>
    public static IServiceCollection AddPipedrivePublisher(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<PipedriveOptions>()
            .Bind(configuration.GetSection(PipedriveOptions.SectionName))
            .PostConfigure(PipedriveOptionsValidator.EnsureTrailingSlash)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipedriveOptions>, PipedriveOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PipedriveActivityTypeCache>();

        var client = services.AddHttpClient<PipedriveClient>(static (provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<PipedriveOptions>>().Value;
            http.BaseAddress = options.BaseUrl;
            if (options.IsEnabled)
            {
                // A header, never the query string: URLs end up in logs and traces.
                http.DefaultRequestHeaders.TryAddWithoutValidation(TokenHeader, options.ApiToken);
            }

            // The pipeline's total timeout is the one that fires, as an exception we can tell from the caller cancelling.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        client.AddResilienceHandler("pipedrive", static (pipeline, context) => PipedriveResilience.Configure(
            pipeline,
            context.ServiceProvider.GetRequiredService<IOptions<PipedriveOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>()));
        client.RedactLoggedHeaders([TokenHeader]);

        services.TryAddTransient<GistPublisher>();
        return services;
    }
}
