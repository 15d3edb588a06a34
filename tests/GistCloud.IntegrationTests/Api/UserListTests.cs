using System.Net;
using System.Text.Json;

namespace GistCloud.IntegrationTests.Api;

/// <summary>Its own tables (a factory per class), so the list holds exactly what this class added.</summary>
public class UserListTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    [Fact]
    public async Task Tracked_users_are_listed_by_username_across_pages()
    {
        using var client = app.CreateClient();
        var empty = await ProblemAssert.JsonAsync(await client.GetAsync("/api/users"), HttpStatusCode.OK);
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("nextCursor").ValueKind);

        string[] names = ["mike", "alpha", "Zulu", "echo", "bravo"];
        foreach (var name in names)
        {
            app.GitHub.AddUser(name);
            await app.TrackAsync(name);
        }

        var listed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await ProblemAssert.JsonAsync(
                await client.GetAsync("/api/users?limit=2" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}")),
                HttpStatusCode.OK);
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            listed.AddRange(page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(["alpha", "bravo", "echo", "mike", "zulu"], listed);
        Assert.InRange(pages, 3, 4);
    }
}
