using System.Net;
using System.Text;

namespace GistCloud.IntegrationTests.Api;

/// <summary>The caller is known before the body is looked at: no key, a wrong key, then the body's own faults.</summary>
public class AuthOrderTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    public static TheoryData<string, string?, HttpStatusCode> BadBodies => new()
    {
        { "wrong content type", "text/plain", HttpStatusCode.UnsupportedMediaType },
        { "oversized, with Content-Length", "application/json", HttpStatusCode.RequestEntityTooLarge },
        { "oversized, chunked", "application/json", HttpStatusCode.RequestEntityTooLarge },
        { "invalid JSON", "application/json", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Without_the_key_a_bad_body_gets_401_first(string kind, string? contentType, HttpStatusCode _)
    {
        using var client = app.CreateClient();

        var response = await client.SendAsync(Request(kind, contentType));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "needs the admin key in the X-Api-Key header");
        Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task With_a_wrong_key_a_bad_body_gets_401_first(string kind, string? contentType, HttpStatusCode _)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-the-admin-key-at-all");

        var response = await client.SendAsync(Request(kind, contentType));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "does not hold the admin key");
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task With_the_key_the_body_is_checked(string kind, string? contentType, HttpStatusCode status)
    {
        using var client = app.CreateAdminClient();

        var response = await client.SendAsync(Request(kind, contentType));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Deleting_and_starting_a_sync_without_the_key_get_401()
    {
        using var client = app.CreateClient();

        await ProblemAssert.IsProblemAsync(await client.DeleteAsync("/api/users/octocat"), HttpStatusCode.Unauthorized, "X-Api-Key");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/sync", null), HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    private static HttpRequestMessage Request(string kind, string? contentType)
    {
        var big = $"{{\"username\": \"bigbody\", \"padding\": \"{new string('x', 20 * 1024)}\"}}";
        HttpContent content = kind switch
        {
            "oversized, with Content-Length" => new StringContent(big, Encoding.UTF8, contentType!),
            "oversized, chunked" => new ChunkedContent(big, contentType!),
            "invalid JSON" => new StringContent("{\"username\": ", Encoding.UTF8, contentType!),
            _ => new StringContent("username=octocat", Encoding.UTF8, contentType!),
        };
        return new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = content };
    }

    /// <summary>A body with no Content-Length: sent chunked.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(string text, string contentType)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
