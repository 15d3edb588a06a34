using GistCloud.Core.Domain.Gists;
using GistCloud.Core.GitHub;
using Octokit.Internal;

namespace GistCloud.UnitTests.GitHub;

public sealed class GitHubGistMapperTests
{
    private const string ListedGist = """
        {
          "id": "aa5a315d61ae9438b18d",
          "html_url": "https://gist.github.com/aa5a315d61ae9438b18d",
          "description": "",
          "public": true,
          "created_at": "2010-04-14T02:15:15Z",
          "updated_at": "2011-06-20T11:34:15Z",
          "files": {
            "hello_world.rb": {
              "filename": "hello_world.rb",
              "type": "application/x-ruby",
              "language": "Ruby",
              "raw_url": "https://gist.githubusercontent.com/octocat/6cad326836d38bd3a7ae/raw/db9c55113504e46fa076e7df3a04ce592e2e86d8/hello_world.rb",
              "size": 167
            },
            "README": { "filename": "README", "type": "text/plain", "language": null, "raw_url": null, "size": 0 }
          },
          "owner": { "login": "octocat", "id": 1, "type": "User" }
        }
        """;

    [Fact]
    public void A_listed_gist_maps_its_files_map_to_a_list_and_a_blank_description_to_null()
    {
        var gist = GitHubGistMapper.ToListedGist(new SimpleJsonSerializer().Deserialize<Octokit.Gist>(ListedGist));

        Assert.Equal("aa5a315d61ae9438b18d", gist.Id);
        Assert.Null(gist.Description);
        Assert.Equal("https://gist.github.com/aa5a315d61ae9438b18d", gist.HtmlUrl);
        Assert.Equal(new DateTimeOffset(2010, 4, 14, 2, 15, 15, TimeSpan.Zero), gist.CreatedAt);
        Assert.Equal(new DateTimeOffset(2011, 6, 20, 11, 34, 15, TimeSpan.Zero), gist.UpdatedAt);
        Assert.Equal(
            [
                new GistFile("hello_world.rb", "Ruby", "https://gist.githubusercontent.com/octocat/6cad326836d38bd3a7ae/raw/db9c55113504e46fa076e7df3a04ce592e2e86d8/hello_world.rb", 167),
                new GistFile("README", null, null, 0),
            ],
            gist.Files);
    }

    [Fact]
    public void Since_is_sent_as_ISO_8601_UTC_in_whole_seconds()
    {
        var query = GitHubReader.FirstPageQuery(new DateTimeOffset(2024, 3, 1, 12, 30, 15, 999, TimeSpan.FromHours(2)));

        Assert.Equal(new Dictionary<string, string> { ["per_page"] = "100", ["since"] = "2024-03-01T10:30:15Z" }, query);
        Assert.False(GitHubReader.FirstPageQuery(null).ContainsKey("since"));
    }
}
