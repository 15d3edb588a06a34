using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GistCloud.Core.Queueing;

public static class QueueingServiceCollectionExtensions
{
    /// <summary>SQS endpoint override (DynamoDB's has its own key): a fake or LocalStack-like SQS; unset is real AWS.</summary>
    public const string EndpointKey = "AWS_ENDPOINT_URL_SQS";

    /// <summary>
    /// Registers <see cref="ISyncRequestSender"/> when <c>Sync:QueueUrl</c> is set (an absolute http(s) URL, else the host does
    /// not start); without it nothing is registered and "Sync now" needs a hosted worker.
    /// </summary>
    public static IServiceCollection AddSyncRunQueue(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration["Sync:QueueUrl"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return services;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var queueUrl) || queueUrl.Scheme is not ("https" or "http"))
        {
            throw new InvalidOperationException($"Sync:QueueUrl must be an absolute https URL of an SQS queue, but is '{text}'.");
        }

        services.TryAddSingleton(new SyncRunQueueOptions(queueUrl));
        services.TryAddSingleton<IAmazonSQS>(_ => CreateClient(configuration));
        services.TryAddSingleton<ISyncRequestSender, SqsSyncRequestSender>();
        return services;
    }

    private static AmazonSQSClient CreateClient(IConfiguration configuration)
    {
        var config = new AmazonSQSConfig { MaxErrorRetry = 2 };
        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return new AmazonSQSClient(config);
        }

        config.ServiceURL = endpoint;
        config.AuthenticationRegion = configuration["AWS_REGION"] ?? "us-east-1";
        return configuration["AWS_ACCESS_KEY_ID"] is null
            ? new AmazonSQSClient(new BasicAWSCredentials("local", "local"), config)
            : new AmazonSQSClient(config);
    }
}
