using System.Net;
using System.Net.Http.Json;
using GistCloud.Fakes.Pipedrive;

namespace GistCloud.IntegrationTests.Pipedrive;

/// <summary>The fake refuses what real Pipedrive refuses (or GistCloud must never do), so passing tests mean something.</summary>
public sealed class FakePipedriveServerTests
{
    [Fact]
    public async Task A_token_in_the_query_string_is_refused_even_with_the_right_header_and_every_answer_carries_burst_headers()
    {
        await using var fake = await FakePipedriveServer.StartAsync("right-token");
        using var http = Client(fake, "right-token");

        using var inQuery = await http.GetAsync(new Uri("api/v1/activityTypes?api_token=right-token", UriKind.Relative));
        using var inHeader = await http.GetAsync(new Uri("api/v1/activityTypes", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Contains("unauthorized access", await inQuery.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, inHeader.StatusCode);
        Assert.All([inQuery, inHeader], response => Assert.All(
            ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"],
            header => Assert.True(response.Headers.Contains(header), header)));
    }

    [Fact]
    public async Task A_v2_activity_with_a_top_level_person_id_is_refused_with_400_and_not_stored()
    {
        await using var fake = await FakePipedriveServer.StartAsync("t");
        var person = fake.Data.AddPerson("someone");
        using var http = Client(fake, "t");

        using var response = await http.PostAsJsonAsync(new Uri("api/v2/activities", UriKind.Relative), new { subject = "x", person_id = person.Id });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("person_id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(fake.Data.Activities);
    }

    [Fact]
    public async Task Past_the_burst_limit_the_fake_answers_429_until_the_window_resets()
    {
        await using var fake = await FakePipedriveServer.StartAsync("t");
        fake.Pipedrive.BurstLimit.Limit = 2;
        using var http = Client(fake, "t");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.GetAsync(new Uri("api/v1/activityTypes", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("0", fake.Requests[^1].ResponseHeaders["x-ratelimit-remaining"]);
    }

    [Fact]
    public async Task The_person_and_deal_pages_GistCloud_links_to_show_what_was_published_and_404_for_unknown_ids()
    {
        await using var fake = await FakePipedriveServer.StartAsync("t");
        var person = fake.Data.AddPerson("octo<cat>");
        using var http = Client(fake, "t");
        using var created = await http.PostAsJsonAsync(new Uri("api/v2/deals", UriKind.Relative), new { title = "Gist: hello", person_id = person.Id });
        var deal = Assert.Single(fake.Data.Deals);

        // Like the real web app: no API token, an HTML page.
        using var anonymous = new HttpClient { BaseAddress = fake.BaseUrl };
        using var personPage = await anonymous.GetAsync(new Uri($"person/{person.Id}", UriKind.Relative));
        using var dealPage = await anonymous.GetAsync(new Uri($"deal/{deal.Id}", UriKind.Relative));
        using var unknown = await anonymous.GetAsync(new Uri("person/999999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, personPage.StatusCode);
        Assert.Equal("text/html", personPage.Content.Headers.ContentType?.MediaType);
        var personHtml = await personPage.Content.ReadAsStringAsync();
        Assert.Contains("octo&lt;cat&gt;", personHtml, StringComparison.Ordinal); // names are encoded, never markup
        Assert.Contains($"href=\"/deal/{deal.Id}\"", personHtml, StringComparison.Ordinal);
        Assert.Contains("Gist: hello", await dealPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static HttpClient Client(FakePipedriveServer fake, string token)
    {
        var http = new HttpClient { BaseAddress = fake.BaseUrl };
        http.DefaultRequestHeaders.Add("x-api-token", token);
        return http;
    }
}
