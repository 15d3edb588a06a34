using GraphQL;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace GistCloud.Fakes.GitHub;

/// <summary>An error GitHub reports with a top-level <c>type</c> (NOT_FOUND, INTERNAL, ...), raised while executing.</summary>
internal sealed class FakeGitHubGraphQLError(string type, string message) : ExecutionError(message)
{
    public const string Internal = "INTERNAL";

    /// <summary>GitHub's message for its own failures; the code in it is a fixed stand-in for GitHub's request id.</summary>
    public const string SomethingWentWrong =
        "Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `ABCD:1234` when reporting this issue.";

    public string Type { get; } = type;
}

/// <summary>An error GitHub reports with a top-level <c>type</c> before executing (pagination, node limit, rate limit).</summary>
internal sealed class FakeGitHubGraphQLValidationError : ValidationError
{
    public FakeGitHubGraphQLValidationError(ROM query, string type, string message, IEnumerable<object>? path = null, ASTNode? node = null)
        : base(query, null, message, node is null ? [] : [node])
    {
        Type = type;
        Path = path;
    }

    public string Type { get; }
}
