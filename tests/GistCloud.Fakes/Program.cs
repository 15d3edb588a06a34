using GistCloud.Fakes.GitHub;

namespace GistCloud.Fakes;

/// <summary>
/// The fakes as their own process, for the offline demo:
/// <c>dotnet run --project tests/GistCloud.Fakes -- --GitHubPort 5081 [--GitHubToken demo]</c>
/// (or environment variables <c>FAKES_GitHubPort</c>, <c>FAKES_GitHubToken</c>). Stops on Ctrl+C.
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
            ConsoleLogging = true,
        });
        FakeGitHubSampleData.Seed(github, TimeProvider.System);

        Console.WriteLine($"Fake GitHub on {github.BaseUrl} (sample users: octocat, gistcloud-demo). Set GitHub__BaseUrl={github.BaseUrl}");
        await github.WaitForShutdownAsync();
    }
}
