using System.Net.Http.Json;
using System.Text.Json;
using GistCloud.Fakes.GitHub;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GistCloud.IntegrationTests.Api;

/// <summary>
/// The real API host on DynamoDB Local and the fake GitHub, with its own table prefix so a
/// test class never sees another's data. One per test class (IClassFixture).
/// </summary>
public sealed class GistCloudApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-7f3a9c1e5b20d4";
    public const string GitHubToken = "ghp_FakeTokenForTests0123456789abcdef";

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public string TablePrefix { get; } = $"api-{Guid.NewGuid():N}"[..16] + "-";

    public CapturedLogs Logs { get; } = new();

    public DynamoDbLocal DynamoDb { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHubServer.StartAsync();
        DynamoDb = await DynamoDbLocal.GetAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("AWS_ENDPOINT_URL_DYNAMODB", DynamoDb.ServiceUrl);
        builder.UseSetting("Storage:TablePrefix", TablePrefix);
        builder.UseSetting("GitHub:BaseUrl", GitHub.BaseUrl.ToString());
        builder.UseSetting("GitHub:Token", GitHubToken);
        builder.UseSetting("GitHub:AttemptTimeout", "00:00:02");
        builder.UseSetting("GitHub:MaxRetries", "1");
        builder.UseSetting("GitHub:MaxRetryDelay", "00:00:01");
        builder.UseSetting("Api:Key", AdminKey);

        // Every test request comes from one (absent) address: tests of the limit itself set a small one.
        builder.UseSetting("Visits:RateLimitBurst", "100000");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    /// <summary>
    /// The messages of the error a host configured by <paramref name="configure"/> fails to start with (inner and
    /// aggregated errors included, never stack traces, which name namespaces); fails the test when it starts. WebApplicationFactory can lose the race with a host that fails at
    /// start and throw ObjectDisposedException ('IServiceProvider') instead of the host's own error
    /// (dotnet/aspnetcore#33494; seen under full-suite load): a fresh factory is tried again then, up to three times.
    /// </summary>
    public string StartupError(Action<IWebHostBuilder> configure)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var broken = WithWebHostBuilder(configure);
            var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
            if (error is not ObjectDisposedException { ObjectName: "IServiceProvider" } || attempt == 3)
            {
                return string.Join(" | ", Messages(error));
            }
        }
    }

    private static IEnumerable<string> Messages(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.SelectMany(Messages),
        { InnerException: { } inner } => [error.Message, .. Messages(inner)],
        _ => [error.Message],
    };

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Adds a user through the API and returns the answer's body.</summary>
    public async Task<JsonElement> TrackAsync(string username)
    {
        using var client = CreateAdminClient();
        var response = await client.PostAsJsonAsync("/api/users", new { username });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/users {username}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (GitHub is not null)
        {
            await GitHub.DisposeAsync();
        }
    }
}
