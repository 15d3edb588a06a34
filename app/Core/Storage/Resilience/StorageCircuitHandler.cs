namespace GistCloud.Core.Storage.Resilience;

/// <summary>Runs each HTTP attempt the AWS SDK makes to DynamoDB through the <see cref="StorageCircuit"/>.</summary>
internal sealed class StorageCircuitHandler(StorageCircuit circuit) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        circuit.SendAsync(token => base.SendAsync(request, token), cancellationToken);
}
