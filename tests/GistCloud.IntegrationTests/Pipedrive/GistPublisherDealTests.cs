using GistCloud.Core.Pipedrive;
using GistCloud.Fakes.Pipedrive;

namespace GistCloud.IntegrationTests.Pipedrive;

public sealed class GistPublisherDealTests
{
    [Fact]
    public async Task Publishing_in_deal_mode_creates_a_deal_for_the_person_and_one_note_on_it()
    {
        await using var harness = await PipedriveHarness.StartAsync(mode: "deal");
        var person = harness.SeedPerson();
        var gist = PipedriveHarness.Gist(description: "Tom & Jerry's <scripts>");

        var result = await harness.Publisher.PublishAsync(gist, person, previousAttemptUncertain: false, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        var deal = Assert.Single(harness.Pipedrive.Data.Deals);
        Assert.Equal(new PublishedItem(PipedriveMode.Deal, deal.Id, FoundExisting: false), result.Value);
        Assert.Equal((person, "open"), (deal.PersonId, deal.Status));
        Assert.Equal($"Gist: Tom & Jerry's <scripts> · {gist.HtmlUrl}", deal.Title); // a title is plain text, not HTML
        var note = Assert.Single(harness.Pipedrive.Data.Notes);
        Assert.Equal(deal.Id, note.DealId);
        Assert.Contains($"href=\"{gist.HtmlUrl}\"", note.Content, StringComparison.Ordinal);
        Assert.Contains("Tom &amp; Jerry&#39;s &lt;scripts&gt;", note.Content, StringComparison.Ordinal);
        Assert.Contains("<li>helpers.sh (Shell)</li>", note.Content, StringComparison.Ordinal);
        Assert.Equal(
            ["POST /api/v2/deals", "POST /api/v1/notes"],
            harness.Pipedrive.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal(person, harness.Pipedrive.Log.To("POST", "/api/v2/deals")[0].Json!["person_id"]!.GetValue<long>());
        Assert.Equal((1, 1), (harness.Pipedrive.Data.Created(FakePipedriveKind.Deal), harness.Pipedrive.Data.Created(FakePipedriveKind.Note)));
    }
}
