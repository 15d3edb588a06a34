using GistCloud.Fakes.GitHub;
using GistCloud.Fakes.Pipedrive;
using GistCloud.Fakes.Standalone;

namespace GistCloud.Fakes;

/// <summary>
/// The fakes as one process, for the offline demo and the browser tests:
/// <c>dotnet run --project tests/GistCloud.Fakes -- --GitHubPort 5081 --PipedrivePort 5082 --ControlPort 5083</c>
/// (or <c>FAKES_GitHubPort</c>, ...; port 0 picks a free one; <c>--PipedriveToken</c>, <c>--GitHubToken</c>).
/// Seeded with sample users; the last line it prints, <c>FAKES_READY ...</c>, names the URLs. Stops on Ctrl+C.
/// </summary>
internal static class FakeServersProgram
{
    public static async Task Main(string[] args)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables("FAKES_").AddCommandLine(args).Build();

        await using var github = await FakeGitHubServer.StartAsync(new FakeGitHubServerOptions
        {
            Port = config.GetValue("GitHubPort", 5081),
            RequiredToken = config["GitHubToken"],
            ConsoleLogging = config.GetValue("Verbose", false),
        });
        FakeGitHubSampleData.Seed(github, TimeProvider.System);
        DemoSampleData.Seed(github, TimeProvider.System);

        await using var pipedrive = await FakePipedriveServer.StartAsync(
            config["PipedriveToken"] ?? "demo-pipedrive-token",
            new FakePipedriveServerOptions { Port = config.GetValue("PipedrivePort", 5082) });
        await using var control = await FakeControlServer.StartAsync(config.GetValue("ControlPort", 5083), github, pipedrive.Pipedrive);

        Console.WriteLine($"Fake GitHub on {github.BaseUrl} (users: octocat, gistcloud-demo, monalisa). Set GitHub__BaseUrl={github.BaseUrl}");
        Console.WriteLine($"Fake Pipedrive on {pipedrive.BaseUrl} (token {pipedrive.Pipedrive.Token}). Set Pipedrive__BaseUrl={pipedrive.BaseUrl}");
        Console.WriteLine($"Control on {control.BaseUrl}_fake:\n{FakeControlServer.Help}");
        Console.WriteLine($"FAKES_READY github={github.BaseUrl} pipedrive={pipedrive.BaseUrl} control={control.BaseUrl}");
        await github.WaitForShutdownAsync();
    }
}
