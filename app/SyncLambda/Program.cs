// The sync worker host. It is thin until the sync engine lands (issue #3): for now it only
// proves the core wires up and its configuration validates, the same way the Lambda will.
using GistCloud.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var services = new ServiceCollection().AddLogging().AddGistCloudCore(configuration);
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
try
{
    _ = provider.GetRequiredService<IOptions<GistCloud.Core.GitHub.GitHubOptions>>().Value;
    _ = provider.GetRequiredService<IOptions<GistCloud.Core.Storage.StorageOptions>>().Value;
}
catch (OptionsValidationException error)
{
    await Console.Error.WriteLineAsync($"Configuration is not valid: {error.Message}");
    return 1;
}

Console.WriteLine("GistCloud sync worker: configuration is valid; the sync engine arrives with issue #3.");
return 0;
