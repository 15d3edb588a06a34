using System.Globalization;
using System.Net;
using System.Text;
using GistCloud.Core.Domain.Gists;

namespace GistCloud.Core.Pipedrive;

/// <summary>
/// What a gist looks like in Pipedrive: a subject that names it, an HTML note that links to it and lists its files,
/// and the markers that find the item again after an uncertain attempt (Pipedrive has no idempotency keys).
/// Descriptions and file names are someone else's text: they are HTML-encoded, never trusted as markup.
/// </summary>
/// <param name="Subject">Activity subject: <c>Gist: {description, else first file name}</c>, shortened.</param>
/// <param name="DealTitle">Deal title: the subject plus the gist URL, because a v2 deal has no note field to carry a marker.</param>
/// <param name="NoteHtml">The note: link, owner, description and files.</param>
/// <param name="ActivityMarker">The link's <c>href</c> as written in the note: user text is encoded, so it cannot forge one.</param>
/// <param name="DealMarker">The URL suffix of <paramref name="DealTitle"/>.</param>
internal sealed record GistNote(string Subject, string DealTitle, string NoteHtml, string ActivityMarker, string DealMarker)
{
    internal const int MaxLabelLength = 80;
    internal const int MaxDescriptionLength = 2_000;
    internal const int MaxFilesListed = 50;

    public static GistNote For(Gist gist)
    {
        var url = SafeUrl(gist);
        var subject = $"Gist: {Label(gist)}";
        var dealMarker = $" · {url}";
        var activityMarker = $"href=\"{Encode(url)}\"";
        return new GistNote(subject, subject + dealMarker, Html(gist, url, activityMarker), activityMarker, dealMarker);
    }

    private static string Html(Gist gist, string url, string hrefAttribute)
    {
        var html = new StringBuilder();
        var owner = Encode(gist.Owner.Value);
        html.Append(CultureInfo.InvariantCulture, $"<p>New public gist by <b>{owner}</b> on GitHub: <a {hrefAttribute}>{Encode(url)}</a></p>");
        if (Collapse(gist.Description) is { Length: > 0 } description)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(Shorten(description, MaxDescriptionLength))}</p>");
        }

        if (gist.Files.Count == 0)
        {
            return html.Append("<p>No files.</p>").ToString();
        }

        html.Append(CultureInfo.InvariantCulture, $"<p>Files ({gist.Files.Count}):</p><ul>");
        foreach (var file in gist.Files.Take(MaxFilesListed))
        {
            var language = string.IsNullOrWhiteSpace(file.Language) ? "" : $" ({Encode(file.Language)})";
            html.Append(CultureInfo.InvariantCulture, $"<li>{Encode(file.Filename)}{language}</li>");
        }

        if (gist.Files.Count > MaxFilesListed)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>and {gist.Files.Count - MaxFilesListed} more</li>");
        }

        return html.Append("</ul>").ToString();
    }

    /// <summary>The description, else the first file name, else the id: one line, at most <see cref="MaxLabelLength"/> characters.</summary>
    private static string Label(Gist gist)
    {
        var label = Collapse(gist.Description) is { Length: > 0 } description ? description
            : gist.Files.Count > 0 && Collapse(gist.Files[0].Filename) is { Length: > 0 } filename ? filename
            : $"gist {gist.Id}";
        return Shorten(label, MaxLabelLength);
    }

    /// <summary>GitHub's html_url is https; anything else is not put in an href (no <c>javascript:</c> links), the canonical URL is used instead.</summary>
    private static string SafeUrl(Gist gist) =>
        Uri.TryCreate(gist.HtmlUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? gist.HtmlUrl
            : $"https://gist.github.com/{Uri.EscapeDataString(gist.Id)}";

    /// <summary>Whitespace runs (newlines included) become one space: subjects are one line.</summary>
    private static string? Collapse(string? text) =>
        text is null ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--; // never split a surrogate pair (an emoji would become an invalid character)
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(), "…");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
