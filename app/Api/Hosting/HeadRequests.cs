namespace GistCloud.Api.Hosting;

/// <summary>
/// HEAD wherever GET is (RFC 9110 9.3.2): every GET endpoint in the group also matches HEAD and runs the same handler,
/// so the answer has the GET's status and headers; the server (Kestrel) sends no body for HEAD. OpenAPI lists only
/// the GET (see ApiDocumentation): HEAD is implied by HTTP, and a second operation per path would duplicate every
/// operationId for client generators.
/// </summary>
internal static class HeadRequests
{
    public static TBuilder AnswerHeadLikeGet<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            for (var index = endpoint.Metadata.Count - 1; index >= 0; index--)
            {
                if (endpoint.Metadata[index] is IHttpMethodMetadata methods)
                {
                    if (methods.HttpMethods.Contains(HttpMethods.Get) && !methods.HttpMethods.Contains(HttpMethods.Head))
                    {
                        endpoint.Metadata[index] = new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight);
                    }

                    return;
                }
            }
        });
        return builder;
    }
}
