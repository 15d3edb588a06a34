using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.GitHub;

public static class GitHubServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IGitHubReader"/> and <see cref="IGistChangeProbe"/>: options from section <c>GitHub</c> (validated at start), and the
    /// "github" HttpClient handler with its resilience pipeline and per-attempt accounting.
    /// </summary>
    public static IServiceCollection AddGitHubReader(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<GitHubOptions>()
            .Bind(configuration.GetSection(GitHubOptions.SectionName))
            .PostConfigure(GitHubOptionsValidator.EnsureTrailingSlash)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<GitHubAttemptObserver>();
        services.TryAddSingleton<GitHubRequestPacer>();

        // Handlers run in the order added: the resilience pipeline outside, the observer inside it (per attempt).
        var client = services.AddHttpClient(GitHubReader.HttpClientName);
        client.AddResilienceHandler("github", static (pipeline, context) => GitHubResilience.Configure(
            pipeline,
            context.ServiceProvider.GetRequiredService<IOptions<GitHubOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>(),
            context.ServiceProvider.GetRequiredService<GitHubRequestPacer>()));
        client.AddHttpMessageHandler<GitHubAttemptObserver>();
        client.RedactLoggedHeaders(static _ => true); // Authorization carries the token

        services.TryAddSingleton<IGitHubReader, GitHubReader>();

        // The change probe (GraphQL): the same pipeline and accounting, paced apart because GitHub limits GraphQL apart.
        services.TryAddKeyedSingleton(GitHubRequestPacer.GraphQLKey, static (provider, _) => new GitHubRequestPacer(
            provider.GetRequiredService<IOptions<GitHubOptions>>().Value.MaxGraphQLRequestsPerMinute,
            provider.GetRequiredService<TimeProvider>()));
        var graphQL = services.AddHttpClient(GitHubGistProbe.HttpClientName);
        graphQL.AddResilienceHandler("github-graphql", static (pipeline, context) => GitHubResilience.Configure(
            pipeline,
            context.ServiceProvider.GetRequiredService<IOptions<GitHubOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>(),
            context.ServiceProvider.GetRequiredKeyedService<GitHubRequestPacer>(GitHubRequestPacer.GraphQLKey)));
        graphQL.AddHttpMessageHandler<GitHubAttemptObserver>();
        graphQL.RedactLoggedHeaders(static _ => true);
        services.TryAddSingleton<IGistChangeProbe, GitHubGistProbe>();
        return services;
    }
}
