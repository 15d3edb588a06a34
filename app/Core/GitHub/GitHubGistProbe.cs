using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GistCloud.Core.Domain.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GistCloud.Core.GitHub;

/// <summary>
/// <see cref="IGistChangeProbe"/> over GitHub's GraphQL API: one <c>POST /graphql</c> per batch, one alias per user
/// (<c>u0: user(login: $l0) { gists(first: 1, …UPDATED_AT DESC) { totalCount nodes { name updatedAt } } }</c>) and
/// <c>rateLimit { cost … }</c>. Hand-written on HttpClient and System.Text.Json: the query is one fixed shape, and a
/// GraphQL client library would add a dependency without removing any of the error handling GitHub needs here.
/// </summary>
public sealed partial class GitHubGistProbe : IGistChangeProbe
{
    /// <summary>The named HttpClient for GraphQL: the same resilience pipeline as REST with GraphQL's own pace.</summary>
    public const string HttpClientName = "github-graphql";

    private const string ProbeFields =
        "fragment probe on User { gists(first: 1, privacy: PUBLIC, orderBy: {field: UPDATED_AT, direction: DESC}) { totalCount nodes { name updatedAt } } }";

    private static readonly ProductInfoHeaderValue UserAgent = new("GistCloud", null);

    private readonly IHttpClientFactory _clients;
    private readonly GitHubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GitHubGistProbe> _logger;
    private readonly ResiliencePipeline<GraphQLAnswer> _wholeFailureRetry;

    public GitHubGistProbe(IHttpClientFactory clients, IOptions<GitHubOptions> options, TimeProvider time, ILogger<GitHubGistProbe> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _options = options.Value;
        _time = time;
        _logger = logger;

        // HTTP failures (5xx, timeouts, secondary limits) are retried under HttpClient like REST's. A 200 whose errors
        // left no data at all ("Something went wrong while executing your query") is a failure too, which only this
        // level can see: retried with the same count and backoff.
        var builder = new ResiliencePipelineBuilder<GraphQLAnswer> { TimeProvider = time };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<GraphQLAnswer>
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { IsWholeFailure: true }),
            });
        }

        _wholeFailureRetry = builder.Build();
    }

    public async Task<GitHubResult<GistProbeBatch>> ProbeAsync(IReadOnlyList<GitHubUsername> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (!_options.HasToken)
        {
            // GitHub's GraphQL API answers 401 to anonymous callers: no call is worth making.
            return Refused("GitHub's GraphQL API needs a token (GitHub:Token is not set).");
        }

        var tally = new GitHubRequestTally();
        var request = BuildRequest(users);
        try
        {
            var answer = await _wholeFailureRetry.ExecuteAsync(
                async token => await SendAsync(request, tally, token), cancellationToken);
            return Interpret(answer, users, tally);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or JsonException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Failed(new GitHubFailure(
                GitHubFailureKind.Unavailable,
                exception is JsonException ? "GitHub's GraphQL API answered something that is not GraphQL JSON."
                    : exception is HttpRequestException ? "GitHub's GraphQL API could not be reached."
                    : "GitHub's GraphQL API did not answer in time.")
            { Requests = tally.Count, RateLimit = tally.RateLimit }, users.Count);
        }
    }

    /// <summary>The query for <paramref name="users"/>: logins travel as variables, never spliced into the text.</summary>
    internal static GraphQLRequest BuildRequest(IReadOnlyList<GitHubUsername> users)
    {
        var declarations = new StringBuilder("query GistProbe(");
        var selections = new StringBuilder();
        var variables = new Dictionary<string, string>(users.Count);
        for (var index = 0; index < users.Count; index++)
        {
            var alias = Alias(index);
            declarations.Append(CultureInfo.InvariantCulture, $"{(index == 0 ? "" : ", ")}$l{index}: String!");
            selections.Append(CultureInfo.InvariantCulture, $" {alias}: user(login: $l{index}) {{ ...probe }}");
            variables[$"l{index}"] = users[index].Value;
        }

        var query = $"{declarations}) {{{selections} rateLimit {{ cost limit remaining resetAt }} }} {ProbeFields}";
        return new GraphQLRequest(query, variables);
    }

    private static string Alias(int index) => $"u{index.ToString(CultureInfo.InvariantCulture)}";

    private async Task<GraphQLAnswer> SendAsync(GraphQLRequest body, GitHubRequestTally tally, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _options.GraphQLUrl)
        {
            Content = JsonContent.Create(body, GitHubJsonContext.Default.GraphQLRequest),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("bearer", _options.Token!.Trim());
        message.Headers.UserAgent.Add(UserAgent);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        message.Options.Set(GitHubRequestTally.OptionsKey, tally);

        using var client = _clients.CreateClient(HttpClientName);
        client.Timeout = Timeout.InfiniteTimeSpan; // GitHub:TotalTimeout in the pipeline is the one that fires
        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var headers = GitHubRateLimitHeaders.From(response);
        var limit = headers.RateLimit;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new GraphQLAnswer(response.StatusCode, null, null, limit, RefusalOrLimit(response, headers));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var root = document.RootElement;
        var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d.Clone() : (JsonElement?)null;
        var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
            ? [.. e.EnumerateArray().Select(GraphQLError.From)]
            : Array.Empty<GraphQLError>();
        document.Dispose();
        return new GraphQLAnswer(response.StatusCode, data, errors, limit, null);
    }

    /// <summary>A non-200 answer after the HTTP retries: a spent limit stops the run; anything else from GraphQL's side is a refusal or an outage.</summary>
    private GitHubFailure RefusalOrLimit(HttpResponseMessage response, GitHubRateLimitHeaders headers)
    {
        if (GitHubFailures.Throttled(response.StatusCode, headers, _time.GetUtcNow(), limitName: GraphQLLimit, unit: "points") is { } throttled)
        {
            return throttled;
        }

        var status = (int)response.StatusCode;
        return status is 401 or 403 or 404 or 400 or 422
            ? new GitHubFailure(GitHubFailureKind.Refused, $"GitHub's GraphQL endpoint refused the change probe (HTTP {status}).")
            : new GitHubFailure(GitHubFailureKind.Unavailable, $"GitHub's GraphQL endpoint answered HTTP {status}.");
    }

    private const string GraphQLLimit = "GraphQL rate limit";

    private GitHubResult<GistProbeBatch> Interpret(GraphQLAnswer answer, IReadOnlyList<GitHubUsername> users, GitHubRequestTally tally)
    {
        if (answer.Failure is { } failure)
        {
            return Failed(failure with { Requests = tally.Count, RateLimit = tally.RateLimit }, users.Count);
        }

        // GitHub documents type RATE_LIMITED; since 2025 it also sends RATE_LIMIT (code graphql_rate_limit).
        if (answer.Errors!.Any(error => error.Type is "RATE_LIMITED" or "RATE_LIMIT"))
        {
            var resetsAt = answer.RateLimit?.ResetsAt ?? _time.GetUtcNow().AddHours(1);
            return Failed(GitHubFailures.LimitSpent(resetsAt, answer.RateLimit, GraphQLLimit, "points") with { Requests = tally.Count, RateLimit = answer.RateLimit }, users.Count);
        }

        if (answer.Data is not { } data)
        {
            var reason = answer.Errors is [var first, ..] ? first.Message : "no data and no error";
            return Failed(new GitHubFailure(GitHubFailureKind.Unavailable, $"GitHub's GraphQL API answered without data: {reason}")
                { Requests = tally.Count, RateLimit = answer.RateLimit }, users.Count);
        }

        var errorsByAlias = answer.Errors!
            .Where(error => error.Alias is not null)
            .GroupBy(error => error.Alias!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        var answers = new Dictionary<GitHubUsername, GistProbeAnswer>(users.Count);
        for (var index = 0; index < users.Count; index++)
        {
            var alias = Alias(index);
            var user = users[index];
            answers[user] = data.TryGetProperty(alias, out var node) && node.ValueKind == JsonValueKind.Object && Signature(node) is { } signature
                ? GistProbeAnswer.Found(signature)
                : errorsByAlias.GetValueOrDefault(alias) is { Type: "NOT_FOUND" }
                    ? new GistProbeAnswer(GistProbeState.NotFound, null, $"GitHub has no user '{user}'.")
                    : new GistProbeAnswer(GistProbeState.Failed, null, errorsByAlias.GetValueOrDefault(alias)?.Message ?? "GitHub's GraphQL answer left this user out.");
        }

        var points = data.TryGetProperty("rateLimit", out var rate) && rate.ValueKind == JsonValueKind.Object
            && rate.TryGetProperty("cost", out var cost) && cost.TryGetInt32(out var value) ? value : 0;
        var found = answers.Values.Count(a => a.State == GistProbeState.Found);
        LogProbed(users.Count, found, points);
        return GitHubResult<GistProbeBatch>.Success(new GistProbeBatch(answers, points, tally.Count, answer.RateLimit));
    }

    /// <summary><c>count|newest gist id|its updatedAt</c>, or null when the node lacks what a signature needs.</summary>
    internal static string? Signature(JsonElement user)
    {
        if (!user.TryGetProperty("gists", out var gists) || gists.ValueKind != JsonValueKind.Object
            || !gists.TryGetProperty("totalCount", out var total) || !total.TryGetInt64(out var count))
        {
            return null;
        }

        var newest = gists.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array && nodes.GetArrayLength() > 0
            ? nodes[0]
            : (JsonElement?)null;
        if (newest is not { } gist)
        {
            return count == 0 ? "0" : null;
        }

        return gist.TryGetProperty("name", out var name) && gist.TryGetProperty("updatedAt", out var updatedAt)
            && updatedAt.TryGetDateTimeOffset(out var at)
            ? string.Create(CultureInfo.InvariantCulture, $"{count}|{name.GetString()}|{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}")
            : null;
    }

    private GitHubResult<GistProbeBatch> Refused(string message)
    {
        LogRefused(message);
        return new GitHubResult<GistProbeBatch>(null, new GitHubFailure(GitHubFailureKind.Refused, message));
    }

    private GitHubResult<GistProbeBatch> Failed(GitHubFailure failure, int userCount)
    {
        LogFailed(userCount, failure.Kind, failure.Message);
        return new GitHubResult<GistProbeBatch>(null, failure);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Probed {UserCount} users over GraphQL: {Found} answered, {Points} points")]
    private partial void LogProbed(int userCount, int found, int points);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GraphQL change probe off: {Reason}")]
    private partial void LogRefused(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GraphQL change probe of {UserCount} users failed: {FailureKind}: {FailureMessage}")]
    private partial void LogFailed(int userCount, GitHubFailureKind failureKind, string failureMessage);

    /// <summary>What one GraphQL call answered: an HTTP failure, or data and errors as GitHub sent them.</summary>
    internal sealed record GraphQLAnswer(
        HttpStatusCode Status,
        JsonElement? Data,
        IReadOnlyList<GraphQLError>? Errors,
        GitHubRateLimit? RateLimit,
        GitHubFailure? Failure)
    {
        /// <summary>A 200 with errors and no data that is not a spent budget: worth another try.</summary>
        public bool IsWholeFailure =>
            Failure is null && Data is null && Errors is { } errors && !errors.Any(e => e.Type is "RATE_LIMITED" or "RATE_LIMIT");
    }

    /// <summary>One entry of GraphQL's <c>errors</c>: GitHub puts <c>type</c> at the top level and <c>path[0]</c> is the alias.</summary>
    internal sealed record GraphQLError(string? Type, string Message, string? Alias)
    {
        public static GraphQLError From(JsonElement error) => new(
            error.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null,
            error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() ?? "" : "",
            error.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.Array && path.GetArrayLength() > 0
                && path[0].ValueKind == JsonValueKind.String ? path[0].GetString() : null);
    }
}

/// <summary>A GraphQL request body as GitHub takes it.</summary>
internal sealed record GraphQLRequest(string Query, IReadOnlyDictionary<string, string> Variables);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(GraphQLRequest))]
internal sealed partial class GitHubJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
