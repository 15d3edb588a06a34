using GistCloud.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace GistCloud.Api.Docs;

/// <summary>
/// <c>servers</c> is configuration (<c>Api:PublicUrl</c>), never the request's Host header, which any caller can set;
/// unset, the document has no <c>servers</c> and clients use the URL they fetched it from.
/// </summary>
internal sealed class PublicServer(IOptions<ApiOptions> options) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Servers = options.Value.PublicUrl is { } url ? [new OpenApiServer { Url = url.ToString().TrimEnd('/') }] : null;
        document.Info.Description = "Every GET also answers HEAD (same status and headers, no body). Errors are RFC 9457 problem details.";
        return Task.CompletedTask;
    }
}
