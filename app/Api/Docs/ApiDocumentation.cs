using GistCloud.Api.Security;

namespace GistCloud.Api.Docs;

/// <summary>The OpenAPI document's settings: which operations it lists and the transformers that add the rules.</summary>
internal static class ApiDocumentation
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            var byDocument = options.ShouldInclude;
            // HEAD answers every GET (HeadRequests) and is implied by HTTP: listed, it would repeat each GET's operationId.
            options.ShouldInclude = description => description.HttpMethod != HttpMethods.Head && byDocument(description);
            options.AddDocumentTransformer<ApiKeySecurityScheme>();
            options.AddOperationTransformer<ApiKeySecurityScheme>();
            options.AddDocumentTransformer<PublicServer>();
            options.AddOperationTransformer<ParameterRules>();
            options.AddSchemaTransformer<ParameterRules>();
            options.AddOperationTransformer<ResponseStatuses>();
        });
}
