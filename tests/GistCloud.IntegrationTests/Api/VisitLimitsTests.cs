using System.Net;
using System.Text.Json;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Api;

/// <summary>Visits are bounded in time (they expire) and in rate (per client address).</summary>
public class VisitLimitsTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    [Fact]
    public async Task An_expired_visit_is_absent_for_reading_and_as_the_previous_visit()
    {
        var clock = new TestClock();
        using var timed = app.WithWebHostBuilder(b => b
            .UseSetting("Sync:Interval", "00:00:00")
            .UseSetting("Visits:Retention", "30.00:00:00")
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        app.GitHub.AddUser("forgetful");
        app.GitHub.AddGists("forgetful", 2);
        await app.TrackAsync("forgetful");
        using var client = timed.CreateClient();
        var viewer = Guid.NewGuid().ToString();
        var first = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "forgetful", viewer), HttpStatusCode.Created);
        var path = $"/api/users/forgetful/visits/{first.GetProperty("visitId").GetString()}";

        clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));

        await ProblemAssert.IsProblemAsync(await client.GetAsync(path), HttpStatusCode.NotFound, "no visit");
        var again = await ProblemAssert.JsonAsync(await PostVisitAsync(client, "forgetful", viewer), HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, again.GetProperty("previousVisitAt").ValueKind);
        Assert.Equal(2, again.GetProperty("gistCount").GetInt32());
    }

    [Fact]
    public async Task A_burst_over_the_limit_is_a_429_with_retry_after_and_other_clients_still_pass()
    {
        using var limited = app.WithWebHostBuilder(b => b
            .UseSetting("Api:TrustForwardedFor", "true")
            .UseSetting("Visits:RateLimitBurst", "3")
            .UseSetting("Visits:RateLimitRefillPeriod", "00:01:00"));
        await TrackAsync("busy");
        using var client = limited.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await PostVisitAsync(client, "busy", forwardedFor: "203.0.113.7")).StatusCode);
        }

        var rejected = await PostVisitAsync(client, "busy", forwardedFor: "203.0.113.7");
        await ProblemAssert.IsProblemAsync(rejected, (HttpStatusCode)429, "Too many visits");
        Assert.Equal(TimeSpan.FromMinutes(1), rejected.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Created, (await PostVisitAsync(client, "busy", forwardedFor: "203.0.113.8")).StatusCode);

        // Reading visits and other routes are not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users/busy")).StatusCode);
    }

    [Fact]
    public async Task X_forwarded_for_is_ignored_unless_trusted()
    {
        using var limited = app.WithWebHostBuilder(b => b
            .UseSetting("Visits:RateLimitBurst", "2")
            .UseSetting("Visits:RateLimitRefillPeriod", "00:01:00"));
        await TrackAsync("spoofed");
        using var client = limited.CreateClient();

        Assert.Equal(HttpStatusCode.Created, (await PostVisitAsync(client, "spoofed", forwardedFor: "198.51.100.1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostVisitAsync(client, "spoofed", forwardedFor: "198.51.100.2")).StatusCode);

        var third = await PostVisitAsync(client, "spoofed", forwardedFor: "198.51.100.3");

        await ProblemAssert.IsProblemAsync(third, (HttpStatusCode)429, "try again in 60 s");
    }

    [Fact]
    public async Task Over_a_real_loopback_connection_the_forwarded_client_is_trusted_only_when_configured()
    {
        await TrackAsync("proxied");
        foreach (var trusted in new[] { true, false })
        {
            using var kestrel = app.WithWebHostBuilder(b => b
                .UseSetting("Api:TrustForwardedFor", trusted ? "true" : "false")
                .UseSetting("Visits:RateLimitBurst", "1")
                .UseSetting("Visits:RateLimitRefillPeriod", "00:01:00"));
            kestrel.UseKestrel(0);
            kestrel.StartServer();
            using var client = kestrel.CreateClient(); // http://localhost:port: 127.0.0.1 or ::1, both loopback

            Assert.Equal(HttpStatusCode.Created, (await PostVisitAsync(client, "proxied", forwardedFor: "203.0.113.7")).StatusCode);
            var other = await PostVisitAsync(client, "proxied", forwardedFor: "203.0.113.8");

            Assert.Equal(trusted ? HttpStatusCode.Created : (HttpStatusCode)429, other.StatusCode);
        }
    }

    [Theory]
    [InlineData("Visits:Retention", "00:00:00", "Visits:Retention must be between")]
    [InlineData("Visits:RateLimitBurst", "0", "Visits:RateLimitBurst must be between")]
    [InlineData("Visits:RateLimitRefillPeriod", "00:00:00", "Visits:RateLimitRefillPeriod must be between")]
    public void A_misconfigured_visit_limit_fails_at_start_naming_the_key(string key, string value, string message)
    {
        var error = app.StartupError(b => b.UseSetting(key, value));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private async Task TrackAsync(string username)
    {
        app.GitHub.AddUser(username);
        await app.TrackAsync(username);
    }

    private static Task<HttpResponseMessage> PostVisitAsync(HttpClient client, string username, string? viewer = null, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{username}/visits");
        if (viewer is not null)
        {
            request.Headers.Add("X-Viewer-Id", viewer);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return client.SendAsync(request);
    }
}
