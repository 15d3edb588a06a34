using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace GistCloud.Api.Docs;

/// <summary>
/// /docs's Content-Security-Policy. Scalar's page starts itself with one inline module script (its configuration), so
/// the page's answer is held (under 1 KB) and each inline script is allowed by its SHA-256 hash rather than by
/// <c>'unsafe-inline'</c>; a Scalar upgrade that changes the script needs no edit here.
/// </summary>
internal static partial class ApiReferencePage
{
    /// <summary>
    /// Measured in Chromium: Scalar's script and the OpenAPI document come from here; the favicon is a data: URL.
    /// <c>style-src 'unsafe-inline'</c> is needed: Scalar's Vue components set <c>style</c> attributes and add
    /// &lt;style&gt; elements at run time, which no hash can cover. Scalar's one <c>eval</c> probe is refused
    /// (it falls back and the page works), so no <c>'unsafe-eval'</c>.
    /// </summary>
    public static string Policy(string inlineScriptHashes) =>
        $"default-src 'none'; script-src 'self'{inlineScriptHashes}; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
        "img-src 'self' data:; font-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";

    public static bool IsPage(PathString path) =>
        path.Equals(ApiReference.Path, StringComparison.OrdinalIgnoreCase)
        || path.Equals(PathWithSlash, StringComparison.OrdinalIgnoreCase);

    private const string PathWithSlash = ApiReference.Path + "/";

    /// <summary>The policy without any inline script: for Scalar's script files and anything else under /docs.</summary>
    public static readonly string PolicyWithoutInlineScripts = Policy(string.Empty);

    public static async Task SendWithScriptHashesAsync(HttpContext context, RequestDelegate next)
    {
        var response = context.Response;
        var original = response.Body;
        using var page = new MemoryStream();
        response.Body = page;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }

        var hashes = response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
            ? HashesOf(Encoding.UTF8.GetString(page.GetBuffer(), 0, (int)page.Length))
            : string.Empty;
        response.Headers[HeaderNames.ContentSecurityPolicy] = Policy(hashes);
        if (response.StatusCode != StatusCodes.Status304NotModified)
        {
            response.ContentLength = page.Length;
        }

        page.Position = 0;
        await page.CopyToAsync(original, context.RequestAborted);
    }

    private static string HashesOf(string html)
    {
        var hashes = new StringBuilder();
        foreach (Match script in InlineScript().Matches(html))
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups["body"].Value));
            hashes.Append(" 'sha256-").Append(Convert.ToBase64String(hash)).Append('\'');
        }

        return hashes.ToString();
    }

    [GeneratedRegex(@"<script\b(?![^>]*\bsrc\s*=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
