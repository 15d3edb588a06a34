using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace GistCloud.IntegrationTests.Infrastructure;

/// <summary>A real DynamoDB Local client that runs a test's action right after a read, to stage a race at that exact point.</summary>
public sealed class InterceptingDynamoDbClient(string serviceUrl) : AmazonDynamoDBClient(
    new BasicAWSCredentials("local", "local"),
    new AmazonDynamoDBConfig { ServiceURL = serviceUrl, AuthenticationRegion = "us-east-1" })
{
    /// <summary>Runs once, after the next BatchGetItem answered.</summary>
    public Func<Task>? AfterNextBatchGet { get; set; }

    public override async Task<BatchGetItemResponse> BatchGetItemAsync(BatchGetItemRequest request, CancellationToken cancellationToken = default)
    {
        var response = await base.BatchGetItemAsync(request, cancellationToken);
        if (AfterNextBatchGet is { } action)
        {
            AfterNextBatchGet = null;
            await action();
        }

        return response;
    }
}
