using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GistCloud.Fakes.Pipedrive;

/// <summary>
/// A stateful model of the parts of Pipedrive's API that GistCloud uses, served by Kestrel on 127.0.0.1. Stateful
/// rather than stubbed so tests can assert exactly-once: it holds what was created, lists it back with v2 cursors,
/// and can fail after storing (an outcome the client cannot see). Tests start one per test (port 0).
/// </summary>
public sealed class FakePipedriveServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakePipedriveServer(WebApplication app, Uri baseUrl, FakePipedrive pipedrive)
    {
        _app = app;
        BaseUrl = baseUrl;
        Pipedrive = pipedrive;
    }

    /// <summary>The company URL to configure as <c>Pipedrive:BaseUrl</c>; ends with '/'.</summary>
    public Uri BaseUrl { get; }

    public FakePipedrive Pipedrive { get; }

    public FakePipedriveData Data => Pipedrive.Data;

    public FakePipedriveFaults Faults => Pipedrive.Faults;

    public FakePipedriveRequestLog Log => Pipedrive.Log;

    public IReadOnlyList<FakePipedriveRequest> Requests => Pipedrive.Log.Requests;

    /// <summary>Starts a fake company accepting <paramref name="token"/> in <c>x-api-token</c>.</summary>
    public static async Task<FakePipedriveServer> StartAsync(string token, FakePipedriveServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakePipedriveServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        if (!options.ConsoleLogging)
        {
            builder.Logging.ClearProviders();
        }

        var pipedrive = new FakePipedrive(token, options.TimeProvider);
        var app = builder.Build();
        app.MapFakePipedrive(pipedrive);
        app.MapFakePipedriveWebPages(pipedrive);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakePipedriveServer(app, new Uri(address.TrimEnd('/') + "/"), pipedrive);
    }

    /// <inheritdoc cref="FakePipedriveFaults.RespondTooManyRequests"/>
    public void RespondTooManyRequests(int count = 1, TimeSpan? retryAfter = null, bool withRateLimitReset = false, string? pathPrefix = null) =>
        Faults.RespondTooManyRequests(count, retryAfter, withRateLimitReset, pathPrefix);

    /// <inheritdoc cref="FakePipedriveFaults.FailNext"/>
    public void FailNext(int count = 1, int statusCode = 500, string? pathPrefix = null) => Faults.FailNext(count, statusCode, pathPrefix);

    /// <inheritdoc cref="FakePipedriveFaults.FailAfterCreate"/>
    public void FailAfterCreate(int count = 1, string? pathPrefix = null) => Faults.FailAfterCreate(count, pathPrefix);

    /// <inheritdoc cref="FakePipedriveFaults.Delay"/>
    public void Delay(TimeSpan delay, int? count = null, string? pathPrefix = null) => Faults.Delay(delay, count, pathPrefix);

    /// <summary>Runs until the process is asked to stop (Ctrl+C, SIGTERM): for the standalone demo server.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class FakePipedriveServerOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one (tests).</summary>
    public int Port { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Log to the console (the standalone server); tests keep it quiet.</summary>
    public bool ConsoleLogging { get; init; }
}
