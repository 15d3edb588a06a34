using System.Globalization;

namespace GistCloud.Fakes.GitHub;

/// <summary>The two endpoints GistCloud uses, answering like GitHub's (404s, paging, <c>since</c>, ETags).</summary>
internal static class FakeGitHubEndpoints
{
    private const int DefaultPerPage = 30;
    private const int MaxPerPage = 100;

    public static void Map(IEndpointRouteBuilder routes, FakeGitHubData data, bool emptyGistListForUnknownUsers = false)
    {
        routes.MapGet("/users/{login}", (string login, HttpRequest request) => GetUser(data, login, request));
        routes.MapGet("/users/{login}/gists", (string login, HttpRequest request) =>
            emptyGistListForUnknownUsers && data.FindUser(login) is null
                ? new FakeGitHubAnswer(200, Array.Empty<object>(), withETag: true)
                : ListGists(data, login, request));
        routes.MapFallback(FakeGitHubAnswer.NotFound);
    }

    /// <summary>GET /avatars/{login}: the login's generated SVG avatar; null for any other request.</summary>
    public static Task? TryServeAvatar(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || !request.Path.StartsWithSegments("/avatars", out var rest) || rest.Value is not { Length: > 1 } login)
        {
            return null;
        }

        context.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Text(FakeGitHubJson.AvatarSvg(Uri.UnescapeDataString(login[1..])), "image/svg+xml").ExecuteAsync(context);
    }

    private static FakeGitHubAnswer GetUser(FakeGitHubData data, string login, HttpRequest request) =>
        data.FindUser(login) is { } user
            ? new FakeGitHubAnswer(200, FakeGitHubJson.User(user, data.GistCountOf(user.Login), ApiRoot(request)), withETag: true)
            : FakeGitHubAnswer.NotFound();

    private static FakeGitHubAnswer ListGists(FakeGitHubData data, string login, HttpRequest request)
    {
        if (data.FindUser(login) is not { } user)
        {
            return FakeGitHubAnswer.NotFound();
        }

        IEnumerable<FakeGist> gists = data.GistsOf(user.Login);
        if (request.Query.TryGetValue("since", out var sinceText))
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                return FakeGitHubAnswer.Error(422, $"Invalid request.\n\n\"since\" is not a timestamp: '{sinceText}'.");
            }

            gists = gists.Where(g => g.UpdatedAt >= since);
        }

        var perPage = Math.Clamp(Integer(request, "per_page") ?? DefaultPerPage, 1, MaxPerPage);
        var page = Math.Max(1, Integer(request, "page") ?? 1);
        var all = gists.ToList();
        var lastPage = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var api = ApiRoot(request);
        var body = all.Skip((page - 1) * perPage).Take(perPage).Select(g => FakeGitHubJson.Gist(g, user, api)).ToList();

        var link = LinkHeader(request, page, lastPage);
        return new FakeGitHubAnswer(200, body, withETag: true, link is null ? null : new Dictionary<string, string> { ["Link"] = link });
    }

    /// <summary>GitHub's <c>Link</c>: prev, next, last, first; each the request's own URL with another <c>page</c>.</summary>
    internal static string? LinkHeader(HttpRequest request, int page, int lastPage)
    {
        var links = new List<string>();
        if (page > 1)
        {
            links.Add(Link(request, Math.Min(page - 1, lastPage), "prev"));
        }

        if (page < lastPage)
        {
            links.Add(Link(request, page + 1, "next"));
            links.Add(Link(request, lastPage, "last"));
        }

        if (page > 1)
        {
            links.Add(Link(request, 1, "first"));
        }

        return links.Count == 0 ? null : string.Join(", ", links);
    }

    private static string Link(HttpRequest request, int page, string rel)
    {
        var query = request.Query
            .Where(q => q.Key != "page")
            .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .Append(KeyValuePair.Create("page", (string?)page.ToString(CultureInfo.InvariantCulture)));
        return $"<{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{QueryString.Create(query)}>; rel=\"{rel}\"";
    }

    private static Uri ApiRoot(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");

    private static int? Integer(HttpRequest request, string name) =>
        int.TryParse(request.Query[name], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
