using Amazon.Runtime;

namespace GistCloud.Core.Storage.Resilience;

/// <summary>
/// The AWS SDK's hook for its HttpClient (<see cref="ClientConfig.HttpClientFactory"/>): the same handler settings the
/// SDK would use, with the <see cref="StorageCircuitHandler"/> on top.
/// </summary>
internal sealed class StorageHttpClientFactory(StorageCircuit circuit) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var transport = new SocketsHttpHandler
        {
            // The SDK signs requests for one host and reads raw bodies (DynamoDB's CRC32 check): no redirects, no decompression.
            AllowAutoRedirect = false,
            UseCookies = false,
            // Lambda and containers move: reconnect now and then so DNS changes are picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (clientConfig.MaxConnectionsPerServer is { } max)
        {
            transport.MaxConnectionsPerServer = max;
        }

        // HttpClient's own timeout is the last resort on the real clock; the circuit's attempt timeout fires first.
        return new HttpClient(new StorageCircuitHandler(circuit) { InnerHandler = transport }, disposeHandler: true);
    }
}
