using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace GistCloud.Fakes.GitHub;

/// <summary>GitHub's <c>DateTime</c>: an ISO-8601 UTC string in whole seconds, <c>"2024-05-01T12:00:00Z"</c>.</summary>
internal sealed class GitHubDateTimeGraphType : ScalarGraphType
{
    public GitHubDateTimeGraphType()
    {
        Name = "DateTime";
        Description = "An ISO-8601 encoded UTC date string.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset at => FakeGitHubJson.Time(at),
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => at,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => ParseValue((string)text.Value),
        _ => ThrowLiteralConversionError(value),
    };
}

/// <summary>GitHub's <c>URI</c>: an RFC 3986 string.</summary>
internal sealed class GitHubUriGraphType : ScalarGraphType
{
    public GitHubUriGraphType()
    {
        Name = "URI";
        Description = "An RFC 3986, RFC 3987, and RFC 6570 (level 4) compliant URI string.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        string text => text,
        Uri uri => uri.AbsoluteUri,
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string text when Uri.TryCreate(text, UriKind.Absolute, out _) => text,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => ParseValue((string)text.Value),
        _ => ThrowLiteralConversionError(value),
    };
}
