using GistCloud.Core.Storage;

namespace GistCloud.Api.Hosting;

/// <summary>Creates missing tables before the API listens, when configured to (by default only against DynamoDB Local).</summary>
internal sealed class TableCreation(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => services.EnsureGistCloudTablesAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
