using System.Net;
using System.Net.Http.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.Resilience;
using GistCloud.Core.Storage.Users;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Api;

/// <summary>
/// DynamoDB stopped under load (a proxy between the real SDK and DynamoDB Local that resets every connection): the
/// API answers 503 with Retry-After, the circuit keeps calls off the network, the log stays short, and once storage
/// is back and the break is over everything answers again with nothing half-written.
/// </summary>
public sealed class StorageOutageTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    [Fact]
    public async Task Storage_stopped_under_load_answers_503_with_Retry_After_then_recovers_with_nothing_half_written()
    {
        await using var proxy = TcpProxy.Start(app.DynamoDb.ServiceUrl);
        var clock = new TestClock();
        using var host = app.WithWebHostBuilder(b => b
            .UseSetting("AWS_ENDPOINT_URL_DYNAMODB", proxy.ServiceUrl)
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        app.GitHub.AddUser("steady");
        app.GitHub.AddUser("during-outage");
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", GistCloudApiFactory.AdminKey);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { username = "steady" })).StatusCode);
        var linesBefore = app.Logs.Lines.Count;

        proxy.TakeDown();
        // 40 concurrent reads and a write while storage is down.
        var answers = await Task.WhenAll(
            Enumerable.Range(0, 40).Select(_ => admin.GetAsync("/api/users"))
                .Append(admin.PostAsJsonAsync("/api/users", new { username = "during-outage" })));

        foreach (var answer in answers)
        {
            await AssertUnavailableAsync(answer);
        }

        // The circuit is open now: further calls fail at once without a connection attempt.
        var attempts = proxy.Refused;
        Assert.True(attempts > 0, "the first calls reached the proxy");
        Assert.True(host.Services.GetRequiredService<StorageCircuit>().IsOpen);
        for (var i = 0; i < 20; i++)
        {
            var answer = await admin.GetAsync("/api/users");
            await AssertUnavailableAsync(answer);
            Assert.InRange(int.Parse(answer.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, (int)StorageCircuit.BreakDuration.TotalSeconds);
        }

        var ready = await admin.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(attempts, proxy.Refused);

        // Short log: no stack trace, no error, a couple of warnings (the circuit opened; one 503 summary).
        var outageLines = app.Logs.Lines.Skip(linesBefore).ToList();
        Assert.DoesNotContain(outageLines, line => line.Contains("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain(outageLines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
        var warnings = outageLines.Where(line => line.StartsWith("Warning", StringComparison.Ordinal)).ToList();
        Assert.InRange(warnings.Count, 2, 3);
        Assert.Single(warnings, line => line.Contains("circuit opened", StringComparison.Ordinal));
        Assert.Contains(warnings, line => line.Contains("answered 503", StringComparison.Ordinal));

        // Storage back; until the break is over the circuit still answers 503, then a probe closes it.
        proxy.BringBack();
        await AssertUnavailableAsync(await admin.GetAsync("/api/users"));
        clock.Advance(StorageCircuit.BreakDuration);

        var users = await ProblemAssert.JsonAsync(await admin.GetAsync("/api/users"), HttpStatusCode.OK);
        Assert.Equal(["steady"], users.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/users/during-outage")).StatusCode);
        Assert.Null(await host.Services.GetRequiredService<UserStore>().FindAsync(GitHubUsername.Parse("during-outage"), default));
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Information", StringComparison.Ordinal) && line.Contains("circuit closed", StringComparison.Ordinal));

        // And the write that failed during the outage works now.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { username = "during-outage" })).StatusCode);
    }

    [Fact]
    public async Task A_conditional_check_failure_is_an_answer_and_never_opens_the_circuit()
    {
        app.GitHub.AddUser("twice");
        await app.TrackAsync("twice");
        using var admin = app.CreateAdminClient();

        // Each of these is a conditional put that DynamoDB refuses (400 ConditionalCheckFailed) after the lookup.
        for (var i = 0; i < 3 * StorageCircuit.MinimumThroughput; i++)
        {
            var tracked = await app.Service<UserStore>().TryAddAsync(
                new TrackedUser(GitHubUsername.Parse("twice"), null, null, null, DateTimeOffset.UtcNow, null, 0, UserStatus.Ok, null), default);
            Assert.False(tracked);
        }

        Assert.False(app.Service<StorageCircuit>().IsOpen);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task A_genuine_bug_is_still_a_500_logged_with_its_stack_trace()
    {
        using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddSingleton<IAmazonDynamoDB>(new BrokenQueryClient(app.DynamoDb.ServiceUrl))));
        using var client = host.CreateClient();

        var response = await client.GetAsync("/api/users");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError, "logged");
        Assert.DoesNotContain("Broken query", problem.ToString(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal)
            && line.Contains("Broken query mapping", StringComparison.Ordinal) && line.Contains("   at ", StringComparison.Ordinal));
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage answer)
    {
        var problem = await ProblemAssert.IsProblemAsync(answer, HttpStatusCode.ServiceUnavailable, "database is unavailable");
        Assert.Equal("Storage is unavailable.", problem.GetProperty("title").GetString());
        Assert.True(answer.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {answer.Headers.RetryAfter}");
    }

    /// <summary>A real client whose queries fail with a bug-like exception (not an outage).</summary>
    private sealed class BrokenQueryClient(string serviceUrl) : AmazonDynamoDBClient(
        new BasicAWSCredentials("local", "local"),
        new AmazonDynamoDBConfig { ServiceURL = serviceUrl, AuthenticationRegion = "us-east-1" })
    {
        public override Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Broken query mapping");
    }
}
