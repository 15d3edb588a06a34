using Amazon.DynamoDBv2;
using Amazon.Runtime;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Schema;
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
            // Unset CreateTables means "when talking to a local endpoint": resolve it once here, so hosts just read it.
            .PostConfigure(o => o.CreateTables ??= !string.IsNullOrWhiteSpace(endpoint))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<VisitOptions>()
            .Bind(configuration.GetSection(VisitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAmazonDynamoDB>(_ => CreateClient(configuration));
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<GistStore>();
        services.TryAddSingleton<GistOutbox>();
        services.TryAddSingleton<VisitLedger>();
        services.TryAddSingleton<SyncRunStore>();
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
    /// </summary>
    internal static AmazonDynamoDBClient CreateClient(IConfiguration configuration)
    {
        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return new AmazonDynamoDBClient();
        }

        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = endpoint,
            AuthenticationRegion = FirstSet(configuration, "AWS_REGION", "AWS_DEFAULT_REGION") ?? LocalRegion,
        };
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
