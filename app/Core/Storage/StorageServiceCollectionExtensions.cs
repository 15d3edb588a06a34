using Amazon.DynamoDBv2;
using Amazon.Runtime;
using GistCloud.Core.Storage.Activity;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Resilience;
using GistCloud.Core.Storage.Schema;
using GistCloud.Core.Storage.Seen;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.Core.Storage.Users;
using GistCloud.Core.Storage.Visits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Storage;

/// <summary>Wires the DynamoDB storage layer: options, the client, the stores, the sync lease and the readiness probe.</summary>
public static partial class StorageServiceCollectionExtensions
{
    /// <summary>The AWS SDK's own variable for a DynamoDB endpoint override: DynamoDB Local's URL when set.</summary>
    public const string EndpointKey = "AWS_ENDPOINT_URL_DYNAMODB";

    private const string LocalRegion = "us-east-1";

    public static IServiceCollection AddGistCloudStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoint = configuration[EndpointKey];

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            // Unset CreateTables and AttemptTimeout depend on a local endpoint: resolved once here, so hosts just read them.
            .PostConfigure(o =>
            {
                o.CreateTables ??= !string.IsNullOrWhiteSpace(endpoint);
                o.AttemptTimeout ??= string.IsNullOrWhiteSpace(endpoint) ? StorageOptions.DefaultAttemptTimeout : StorageOptions.LocalAttemptTimeout;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<VisitOptions>()
            .Bind(configuration.GetSection(VisitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageCircuit>();
        services.TryAddSingleton<IAmazonDynamoDB>(provider => CreateClient(
            configuration, provider.GetRequiredService<IOptions<StorageOptions>>().Value, provider.GetRequiredService<StorageCircuit>()));
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<GistStore>();
        services.TryAddSingleton<GistOutbox>();
        services.TryAddSingleton<VisitLedger>();
        services.TryAddSingleton<SeenLedger>();
        services.TryAddSingleton<SyncRunStore>();
        services.TryAddSingleton<ActivityLog>();
        services.TryAddSingleton<SyncLease>();
        services.TryAddSingleton<StorageHealth>();
        return services;
    }

    /// <summary>
    /// Creates the missing tables when <see cref="StorageOptions.CreateTables"/> says so (by default: when an endpoint
    /// override points at DynamoDB Local). On AWS the Pulumi program owns the tables and this does nothing.
    /// </summary>
    /// <returns>Whether tables were ensured.</returns>
    public static async Task<bool> EnsureGistCloudTablesAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (options.CreateTables != true)
        {
            return false;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TableCreator));
        LogEnsuringTables(logger, options.TablePrefix);
        await TableCreator.EnsureCreatedAsync(
            services.GetRequiredService<IAmazonDynamoDB>(), options.TablePrefix, services.GetRequiredService<TimeProvider>(), cancellationToken);
        return true;
    }

    /// <summary>
    /// On AWS: the SDK's default region and credential chain. With an endpoint override: that URL, and where no
    /// credentials are configured, dummy ones and us-east-1 (DynamoDB Local accepts any, but the SDK wants some).
    /// Either way every HTTP attempt goes through <paramref name="circuit"/> (attempt timeout, circuit breaker) and the
    /// SDK retries a failed call <see cref="StorageOptions.MaxRetries"/> times.
    /// </summary>
    internal static AmazonDynamoDBClient CreateClient(IConfiguration configuration, StorageOptions options, StorageCircuit circuit)
    {
        var config = new AmazonDynamoDBConfig
        {
            MaxErrorRetry = options.MaxRetries,
            // A connection reset counts as "stale pooled connection" and is retried at once outside MaxErrorRetry
            // (3 times by default): against a stopped server that quadruples every attempt. One is enough for a pool.
            MaxStaleConnectionRetries = 1,
            HttpClientFactory = new StorageHttpClientFactory(circuit),
        };
        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return new AmazonDynamoDBClient(config);
        }

        config.ServiceURL = endpoint;
        config.AuthenticationRegion = FirstSet(configuration, "AWS_REGION", "AWS_DEFAULT_REGION") ?? LocalRegion;
        var hasCredentials = FirstSet(configuration, "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") is not null;
        return hasCredentials
            ? new AmazonDynamoDBClient(config)
            : new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ensuring DynamoDB tables with prefix {TablePrefix} exist")]
    private static partial void LogEnsuringTables(ILogger logger, string tablePrefix);

    private static string? FirstSet(IConfiguration configuration, params string[] keys) =>
        keys.Select(k => configuration[k]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
