using System.Text.Json.Nodes;
using GistCloud.Api.Users;
using GistCloud.Api.Visits;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GistCloud.Api.Docs;

/// <summary>
/// The validation rules the handlers apply (EdgeValidation, GitHubUsername, the stores' id formats), written into the
/// OpenAPI schemas of every operation's parameters and of the request bodies, so clients can check before they call.
/// Matched by parameter name: one place for all operations, whoever maps them.
/// </summary>
internal sealed class ParameterRules : IOpenApiOperationTransformer, IOpenApiSchemaTransformer
{
    /// <summary>Visit and sync run ids: 32 hex digits (a GUID in "N" form), any case.</summary>
    public const string IdPattern = "^[0-9a-fA-F]{32}$";

    /// <summary>A random (version 4) UUID in its canonical 8-4-4-4-12 form, any case.</summary>
    public const string ViewerIdPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$";

    /// <summary>Cursors are opaque base64url text, at most 2048 characters (PageCursor).</summary>
    public const string CursorPattern = "^[A-Za-z0-9_-]+$";

    public const int CursorMaxLength = 2048;

    public static OpenApiSchema Username() => new()
    {
        Type = JsonSchemaType.String,
        MinLength = 1,
        MaxLength = GitHubUsername.MaxLength,
        Pattern = GitHubUsername.Pattern,
        Description = "A GitHub login: 1-39 ASCII letters, digits and single hyphens, not starting or ending with a hyphen; any case.",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            (parameter.Schema, parameter.Description) = (parameter.In, parameter.Name) switch
            {
                (ParameterLocation.Path, "username") => (Username(), parameter.Description),
                (ParameterLocation.Query, "limit") => (Limit(), $"Items per page, 1-{PageRequest.MaxLimit}; absent or empty means {PageRequest.DefaultLimit}."),
                (ParameterLocation.Query, "cursor") => (Cursor(), "The nextCursor of the previous page; absent or empty for the first page."),
                (ParameterLocation.Path, "visitId") => (Id(), "A visit id as the visit's answer gave it: 32 hex digits."),
                (ParameterLocation.Path, "runId") => (Id(), "A sync run id as POST /api/sync or the run list gave it: 32 hex digits."),
                (ParameterLocation.Header, VisitsApi.ViewerIdHeader) => (ViewerId(), "The viewer: a random (version 4) UUID the client keeps, in its 8-4-4-4-12 form."),
                _ => (parameter.Schema, parameter.Description),
            };
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(AddUserRequest) && schema.Properties?.ContainsKey("username") == true)
        {
            schema.Properties["username"] = Username();
            schema.Required ??= new HashSet<string>();
            schema.Required.Add("username");
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Limit() => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = "1",
        Maximum = PageRequest.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = JsonValue.Create(PageRequest.DefaultLimit),
    };

    private static OpenApiSchema Cursor() => new() { Type = JsonSchemaType.String, Pattern = CursorPattern, MaxLength = CursorMaxLength };

    private static OpenApiSchema Id() => new() { Type = JsonSchemaType.String, Pattern = IdPattern, MinLength = 32, MaxLength = 32 };

    private static OpenApiSchema ViewerId() => new() { Type = JsonSchemaType.String, Format = "uuid", Pattern = ViewerIdPattern };
}
