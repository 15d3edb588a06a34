using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Polly.Timeout;

namespace GistCloud.Core.Storage.Resilience;

/// <summary>Which exceptions out of a DynamoDB call mean "storage is unavailable now" rather than a bug.</summary>
public static class StorageFailures
{
    /// <summary>
    /// True for the open circuit, transport errors, attempt timeouts, DynamoDB 5xx and throttling: the call may work
    /// later. False for everything else, including conditional-check failures and validation errors (answers).
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StorageUnavailableException => true,
        ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException => true,
        AmazonServiceException service => (int)service.StatusCode >= 500 || service.ErrorCode is "ThrottlingException",
        TimeoutRejectedException or HttpRequestException or SocketException => true,
        // The SDK unwraps HttpClient's transport errors to their IOException; a socket under it marks the network.
        IOException { InnerException: SocketException } => true,
        _ => false,
    };
}
