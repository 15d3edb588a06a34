using System.Text;
using System.Text.Encodings.Web;

namespace GistCloud.Fakes.Pipedrive;

/// <summary>
/// Stand-ins for Pipedrive's web app at <c>/person/{id}</c> and <c>/deal/{id}</c>, the pages GistCloud links to
/// (<c>pipedrivePersonUrl</c>, <c>itemUrl</c>): in the offline demo those links show what was published instead of a 404.
/// Pipedrive's real pages need a signed-in browser; these show the fake's data, without a token.
/// </summary>
public static class FakePipedriveWebPages
{
    public static IEndpointRouteBuilder MapFakePipedriveWebPages(this IEndpointRouteBuilder routes, FakePipedrive pipedrive)
    {
        ArgumentNullException.ThrowIfNull(pipedrive);
        var data = pipedrive.Data;
        routes.MapGet("/person/{id:long}", (long id) => data.FindPerson(id) is { } person
            ? Page($"{person.Name} (person {id})", PersonBody(data, person))
            : Results.NotFound());
        routes.MapGet("/deal/{id:long}", (long id) => data.FindDeal(id) is { } deal
            ? Page($"{deal.Title} (deal {id})", $"<p>Status: {Html(deal.Status)}. Added {deal.AddTime:u}.</p>"
                + (deal.PersonId is { } personId ? $"<p><a href=\"/person/{personId}\">The person</a></p>" : string.Empty))
            : Results.NotFound());
        return routes;
    }

    private static string PersonBody(FakePipedriveData data, FakePerson person)
    {
        var body = new StringBuilder($"<p>Added {person.AddTime:u}.</p><h2>Activities</h2><ul>");
        foreach (var activity in data.Activities.Where(a => a.PersonId == person.Id))
        {
            body.Append($"<li>#{activity.Id} {Html(activity.Subject ?? "(no subject)")}</li>");
        }

        body.Append("</ul><h2>Deals</h2><ul>");
        foreach (var deal in data.Deals.Where(d => d.PersonId == person.Id))
        {
            body.Append($"<li><a href=\"/deal/{deal.Id}\">#{deal.Id} {Html(deal.Title)}</a></li>");
        }

        return body.Append("</ul>").ToString();
    }

    private static IResult Page(string title, string body) => Results.Content(
        $"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>{Html(title)} - fake Pipedrive</title><h1>{Html(title)}</h1>{body}</html>",
        "text/html; charset=utf-8");

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);
}
