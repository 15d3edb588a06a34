using GistCloud.Core.Pipedrive;
using GistCloud.Fakes.Pipedrive;

namespace GistCloud.IntegrationTests.Pipedrive;

public sealed class PipedrivePersonTests
{
    [Fact]
    public async Task Ensuring_a_person_that_exists_finds_it_by_exact_name_without_creating_one()
    {
        await using var harness = await PipedriveHarness.StartAsync();
        harness.Pipedrive.Data.AddPerson("octocat (GitHub) old account"); // not an exact match
        var existing = harness.SeedPerson("octocat");

        var result = await harness.Publisher.EnsurePersonAsync(PipedriveHarness.User("octocat"), knownPersonId: null, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        Assert.Equal(existing, result.Value);
        Assert.Equal(0, harness.Pipedrive.Data.Created(FakePipedriveKind.Person));
        var search = Assert.Single(harness.Pipedrive.Requests);
        Assert.True(search.Is("GET", "/api/v2/persons/search"));
        Assert.Equal("octocat (GitHub)", search.Query["term"]);
        Assert.Equal("name", search.Query["fields"]);
        Assert.Equal("true", search.Query["exact_match"]);
    }

    [Fact]
    public async Task Ensuring_a_missing_person_creates_it_once_and_a_later_run_finds_the_same_person()
    {
        await using var harness = await PipedriveHarness.StartAsync();

        var created = await harness.Publisher.EnsurePersonAsync(PipedriveHarness.User("Hubot-2"), null, CancellationToken.None);
        var again = await harness.NewPublisher().EnsurePersonAsync(PipedriveHarness.User("hubot-2"), null, CancellationToken.None);

        Assert.True(created.IsSuccess, created.Failure?.Message);
        Assert.Equal(created.Value, again.Value);
        var person = Assert.Single(harness.Pipedrive.Data.Persons);
        Assert.Equal((created.Value, "hubot-2 (GitHub)"), (person.Id, person.Name));
        Assert.Equal(1, harness.Pipedrive.Data.Created(FakePipedriveKind.Person));
        Assert.Equal(
            ["GET /api/v2/persons/search", "POST /api/v2/persons", "GET /api/v2/persons/search"],
            harness.Pipedrive.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal("hubot-2 (GitHub)", harness.Pipedrive.Log.To("POST", "/api/v2/persons")[0].Json!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ensuring_a_person_whose_id_is_known_makes_no_call()
    {
        await using var harness = await PipedriveHarness.StartAsync();

        var result = await harness.Publisher.EnsurePersonAsync(PipedriveHarness.User("octocat"), knownPersonId: 42, CancellationToken.None);

        Assert.Equal(42, result.Value);
        Assert.Empty(harness.Pipedrive.Requests);
    }

    [Fact]
    public async Task The_token_is_sent_in_the_x_api_token_header_and_never_in_the_query_string()
    {
        await using var harness = await PipedriveHarness.StartAsync();
        var person = harness.SeedPerson();

        await harness.Publisher.EnsurePersonAsync(PipedriveHarness.User("ghost"), null, CancellationToken.None);
        await harness.Publisher.PublishAsync(PipedriveHarness.Gist(), person, previousAttemptUncertain: true, CancellationToken.None);

        Assert.True(harness.Pipedrive.Requests.Count >= 4);
        Assert.All(harness.Pipedrive.Requests, request =>
        {
            Assert.Equal(PipedriveHarness.Token, request.ApiTokenHeader);
            Assert.DoesNotContain(PipedriveHarness.Token, request.QueryString, StringComparison.Ordinal);
            Assert.DoesNotContain("api_token", request.QueryString, StringComparison.OrdinalIgnoreCase);
            Assert.True(request.StatusCode is 200 or 201, $"{request.Method} {request.Path} answered {request.StatusCode}");
        });
    }

    [Fact]
    public async Task A_wrong_token_gives_an_Unauthorized_failure_at_once_without_revealing_the_token()
    {
        await using var harness = await PipedriveHarness.StartAsync(token: "not-the-right-token");

        var result = await harness.Publisher.EnsurePersonAsync(PipedriveHarness.User("octocat"), null, CancellationToken.None);

        Assert.Equal(PipedriveFailureKind.Unauthorized, result.Failure?.Kind);
        Assert.Contains("unauthorized access", result.Failure!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-right-token", result.Failure.Message, StringComparison.Ordinal);
        var request = Assert.Single(harness.Pipedrive.Requests);
        Assert.Equal((401, "not-the-right-token"), (request.StatusCode, request.ApiTokenHeader));
    }
}
