using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace GistCloud.Api.Security;

/// <summary>
/// Documents how callers prove who they are: the <c>X-Api-Key</c> header (scripts) and, with sign-in on, a bearer
/// token from the OpenID provider. Marks each operation with what it needs: with sign-in on every <c>/api</c> call
/// takes either; with it off only writes need the key.
/// </summary>
internal sealed class ApiKeySecurityScheme(IOptions<SignInOptions> signIn) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string ApiKeySchemeId = "ApiKey";
    private const string BearerSchemeId = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeySchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = signIn.Value.IsEnabled
                ? "The admin key (Api__Key), for scripts: any call, writes included. Refused from browsers, which sign in."
                : "The admin key (Api__Key). Needed by write calls when the server has one configured.",
        };
        if (signIn.Value.IsEnabled)
        {
            document.Components.SecuritySchemes[BearerSchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = $"An access token from {signIn.Value.Authority} for audience '{signIn.Value.Audience}'. "
                    + $"Writes need the group '{signIn.Value.AdminRole}' in the '{signIn.Value.RolesClaim}' claim.",
            };
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var needsCaller = signIn.Value.IsEnabled ? AdminPolicy.IsReaderRequiredBy(metadata) : AdminPolicy.IsRequiredBy(metadata);
        if (!needsCaller)
        {
            return Task.CompletedTask;
        }

        // Alternatives: either requirement satisfies the operation.
        operation.Security ??= [];
        if (signIn.Value.IsEnabled)
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSchemeId, context.Document)] = [] });
        }

        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySchemeId, context.Document)] = [] });
        return Task.CompletedTask;
    }
}
