using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace GistCloud.Fakes.GitHub;

/// <summary>
/// <c>POST /graphql</c> (<c>/api/graphql</c> on Enterprise): GitHub's GraphQL API over the same data as the REST
/// endpoints, executed by GraphQL.NET. Around the engine it does what GitHub does: requires a token, answers bad
/// JSON with 400, costs and charges every query against the "graphql" budget before executing it, and shapes
/// errors as GitHub does (<c>type</c> at the top level of each error).
/// </summary>
internal sealed class FakeGitHubGraphQLEndpoint : IDisposable
{
    private const string AuthenticationDocs = "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql";
    private const string GraphQLDocs = "https://docs.github.com/graphql";

    private readonly FakeGitHubData _data;
    private readonly FakeGitHubFaults _faults;
    private readonly FakeGitHubRateLimits _rateLimits;
    private readonly FakeGitHubRequestLog _log;
    private readonly Schema _schema;
    private readonly DocumentExecuter _executer = new();
    private readonly GraphQLSerializer _serializer = new();
    private const int MaxValidatedDocuments = 1_000;

    /// <summary>
    /// Documents that passed the engine's rules, by query text: the rules depend on the document and schema only,
    /// so a repeated query (a client's batch with new variables) runs just GitHub's cost rule. The engine's rules
    /// take most of a 100-alias call's time.
    /// </summary>
    private readonly ConcurrentDictionary<string, GraphQLDocument> _validatedDocuments = new(StringComparer.Ordinal);
    private readonly IValidationRule[] _rulesForValidatedDocuments = [FakeGitHubGraphQLCostRule.Instance];
    private readonly IValidationRule[] _rules = [.. DocumentValidator.CoreRules, FakeGitHubGraphQLCostRule.Instance];

    public FakeGitHubGraphQLEndpoint(FakeGitHubData data, FakeGitHubFaults faults, FakeGitHubRateLimits rateLimits, FakeGitHubRequestLog log)
    {
        (_data, _faults, _rateLimits, _log) = (data, faults, rateLimits, log);
        _schema = new Schema { Query = new GitHubQueryGraphType() };
        _schema.Initialize(); // once per server: building the schema costs far more than a query
    }

    public void Dispose() => _schema.Dispose();

    public async Task HandleAsync(HttpContext context)
    {
        if (_faults.GraphQLRefusal is { } refusal)
        {
            await (refusal == StatusCodes.Status404NotFound
                ? FakeGitHubAnswer.NotFound()
                : FakeGitHubAnswer.Error(refusal, "The GraphQL API is not available on this GitHub Enterprise Server instance.", GraphQLDocs)).ExecuteAsync(context);
            return;
        }

        if (context.Items[typeof(FakeGitHubCaller)] is not FakeGitHubCaller { Authenticated: true } caller)
        {
            await new FakeGitHubAnswer(401, new { Message = "This endpoint requires you to be authenticated.", DocumentationUrl = AuthenticationDocs })
                .ExecuteAsync(context);
            return;
        }

        var request = await ReadAsync(context);
        if (request is null)
        {
            _log.Add(new FakeGraphQLCall(FakeGraphQLCallStatus.BadRequest, 0, false, []));
            await FakeGitHubAnswer.Error(400, "Problems parsing JSON", GraphQLDocs).ExecuteAsync(context);
            return;
        }

        if (_faults.TakeGraphQLFailure())
        {
            _log.Add(new FakeGraphQLCall(FakeGraphQLCallStatus.Failed, 0, false, []));
            await WriteAsync(context, _rateLimits.PeekGraphQL(caller), writer =>
            {
                writer.WriteNull("data");
                writer.WriteStartArray("errors");
                writer.WriteStartObject();
                writer.WriteString("message", FakeGitHubGraphQLError.SomethingWentWrong);
                writer.WriteEndObject();
                writer.WriteEndArray();
            });
            return;
        }

        var root = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/");
        var state = new FakeGitHubGraphQLState(_data, _faults, _rateLimits, caller, root);
        var validated = _validatedDocuments.TryGetValue(request.Query!, out var document);
        var result = await _executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = _schema,
            Query = validated ? null : request.Query,
            Document = document,
            Variables = request.Variables,
            OperationName = request.OperationName,
            UserContext = state.AsUserContext(),
            ValidationRules = validated ? _rulesForValidatedDocuments : _rules,
            CancellationToken = context.RequestAborted,
        });
        if (!validated && (result.Executed || state.RateLimited) && result.Document is { } parsed && _validatedDocuments.Count < MaxValidatedDocuments)
        {
            _validatedDocuments.TryAdd(request.Query!, parsed);
        }

        var status = state.RateLimited ? FakeGraphQLCallStatus.RateLimited
            : !result.Executed ? FakeGraphQLCallStatus.Invalid
            : state.DryRun ? FakeGraphQLCallStatus.DryRun
            : FakeGraphQLCallStatus.Answered;
        _log.Add(new FakeGraphQLCall(status, state.Cost, state.Charged, state.Logins.ToList()));
        var budget = state.Costed ? state.Budget : _rateLimits.PeekGraphQL(caller);
        if (state.RateLimited)
        {
            // GitHub's docs still name this type RATE_LIMITED; since 2025 GitHub sends RATE_LIMIT with a code, so the fake does.
            await WriteAsync(context, budget with { Remaining = 0 }, writer =>
            {
                writer.WriteStartArray("errors");
                writer.WriteStartObject();
                writer.WriteString("type", "RATE_LIMIT");
                writer.WriteString("code", "graphql_rate_limit");
                writer.WriteString("message", "API rate limit already exceeded for user ID 1.");
                writer.WriteEndObject();
                writer.WriteEndArray();
            });
            return;
        }

        using var data = result.Executed ? JsonDocument.Parse(_serializer.Serialize(new ExecutionResult { Executed = true, Data = result.Data })) : null;
        await WriteAsync(context, budget, writer =>
        {
            if (data is not null)
            {
                writer.WritePropertyName("data");
                data.RootElement.GetProperty("data").WriteTo(writer);
            }

            if (result.Errors is { Count: > 0 } errors)
            {
                writer.WriteStartArray("errors");
                foreach (var error in errors)
                {
                    WriteError(writer, error);
                }

                writer.WriteEndArray();
            }
        });
    }

    /// <summary>The request body, read to its end (chunked or not); null when it is not JSON with a <c>query</c> string.</summary>
    private async Task<GraphQLRequest?> ReadAsync(HttpContext context)
    {
        try
        {
            var request = await _serializer.ReadAsync<GraphQLRequest>(context.Request.Body, context.RequestAborted);
            return string.IsNullOrWhiteSpace(request?.Query) ? null : request;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>GitHub's error shape: <c>type</c> (its own errors), <c>path</c>, <c>extensions</c> (the engine's), <c>locations</c>, <c>message</c>.</summary>
    private static void WriteError(Utf8JsonWriter writer, ExecutionError error)
    {
        var type = error switch
        {
            FakeGitHubGraphQLError own => own.Type,
            FakeGitHubGraphQLValidationError own => own.Type,
            _ => null,
        };

        writer.WriteStartObject();
        if (type is not null)
        {
            writer.WriteString("type", type);
        }

        if (error.Path is { } path)
        {
            writer.WriteStartArray("path");
            foreach (var segment in path)
            {
                if (segment is int index)
                {
                    writer.WriteNumberValue(index);
                }
                else
                {
                    writer.WriteStringValue(Convert.ToString(segment, CultureInfo.InvariantCulture));
                }
            }

            writer.WriteEndArray();
        }

        if (type is null && error.Code is { } code)
        {
            writer.WriteStartObject("extensions");
            writer.WriteString("code", code);
            writer.WriteEndObject();
        }

        if (error.Locations is { Count: > 0 } locations)
        {
            writer.WriteStartArray("locations");
            foreach (var location in locations)
            {
                writer.WriteStartObject();
                writer.WriteNumber("line", location.Line);
                writer.WriteNumber("column", location.Column);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
    }

    /// <summary>A 200 JSON object with the "graphql" resource's <c>x-ratelimit-*</c> headers.</summary>
    private static async Task WriteAsync(HttpContext context, FakeRateLimit budget, Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        var response = context.Response;
        FakeGitHubGate.WriteRateLimitHeaders(response.Headers, budget, "graphql");
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }
}

