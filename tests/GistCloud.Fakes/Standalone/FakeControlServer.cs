using System.Net;
using GistCloud.Fakes.GitHub;
using GistCloud.Fakes.Pipedrive;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GistCloud.Fakes.Standalone;

/// <summary>
/// Control endpoints for the standalone fakes, on their own port so the fakes themselves stay faithful (no extra
/// paths behind GitHub's rate limit or Pipedrive's token check). The demo's README one-liners and the browser
/// tests use them to change the fakes while GistCloud runs.
/// </summary>
public sealed class FakeControlServer : IAsyncDisposable
{
    public const string Help = """
        POST   /_fake/github/users                 {"login": "hubot", "name": "Hubot"}
        POST   /_fake/github/users/{login}/gists   {"description": "...", "files": ["notes.md", "run.sh"]}  (both optional)
        POST   /_fake/pipedrive/faults             {"count": 1, "status": 400, "path": "/api/v2/activities"}  (defaults shown)
        DELETE /_fake/pipedrive/faults
        POST   /_fake/github/delays                {"path": "/graphql", "milliseconds": 3000, "count": 1}  (defaults shown)
        """;

    private readonly WebApplication _app;

    private FakeControlServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<FakeControlServer> StartAsync(int port, FakeGitHubServer github, FakePipedrive pipedrive)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var control = app.MapGroup("/_fake");
        control.MapGet("/", () => Results.Text(Help + "\n"));
        control.MapPost("/github/users", (NewUser body) => AddUser(github, body));
        control.MapPost("/github/users/{login}/gists", (string login, NewGist? body) => AddGist(github, login, body));
        control.MapPost("/pipedrive/faults", (NewFault? body) => AddFault(pipedrive, body ?? new NewFault()));
        control.MapDelete("/pipedrive/faults", () =>
        {
            pipedrive.Faults.Clear();
            return Results.NoContent();
        });
        control.MapPost("/github/delays", (NewDelay? body) => AddDelay(github, body ?? new NewDelay()));
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeControlServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private static IResult AddUser(FakeGitHubServer github, NewUser body)
    {
        if (string.IsNullOrWhiteSpace(body.Login) || github.Data.FindUser(body.Login) is not null)
        {
            return Results.Problem($"Give a login the fake GitHub does not have yet; got '{body.Login}'.", statusCode: 400);
        }

        var user = github.AddUser(body.Login, body.Name);
        return Results.Created($"/users/{user.Login}", new { user.Login, user.Name });
    }

    private static IResult AddGist(FakeGitHubServer github, string login, NewGist? body)
    {
        if (github.Data.FindUser(login) is null)
        {
            return Results.Problem($"The fake GitHub has no user '{login}'.", statusCode: 404);
        }

        var files = body?.Files is { Count: > 0 } names ? names.Select(name => new FakeGistFile(name, 120)) : null;
        var gist = github.AddGist(login, description: body?.Description ?? $"Added at {DateTimeOffset.UtcNow:HH:mm:ss}", files: files);
        return Results.Created($"/gists/{gist.Id}", new { gist.Id, gist.Description, Files = gist.Files.Select(f => f.Filename) });
    }

    private static IResult AddFault(FakePipedrive pipedrive, NewFault fault)
    {
        if (fault.Count < 1 || fault.Status is < 400 or > 599)
        {
            return Results.Problem("count must be at least 1 and status a 4xx or 5xx.", statusCode: 400);
        }

        pipedrive.Faults.FailNext(fault.Count, fault.Status, fault.Path);
        return Results.Accepted(value: fault);
    }

    // A slow GitHub keeps a sync running for a while: how the browser tests see "Sync now" during a run.
    private static IResult AddDelay(FakeGitHubServer github, NewDelay delay)
    {
        if (delay.Count < 1 || delay.Milliseconds is < 1 or > 60_000 || string.IsNullOrWhiteSpace(delay.Path))
        {
            return Results.Problem("count must be at least 1, milliseconds from 1 to 60000 and path a request path.", statusCode: 400);
        }

        github.Faults.DelayNext(delay.Path, TimeSpan.FromMilliseconds(delay.Milliseconds), delay.Count);
        return Results.Accepted(value: delay);
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record NewUser(string Login, string? Name);

    public sealed record NewGist(string? Description, IReadOnlyList<string>? Files);

    public sealed record NewDelay(string Path = "/graphql", int Milliseconds = 3000, int Count = 1);

    public sealed record NewFault(int Count = 1, int Status = 400, string? Path = "/api/v2/activities");
}
