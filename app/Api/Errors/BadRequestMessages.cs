using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace GistCloud.Api.Errors;

/// <summary>
/// What the framework's binding errors mean for the caller, in the caller's terms: a JSON path and what was expected
/// there, or the parameter and its value; never a .NET type name (its messages carry them, e.g. <c>Nullable&lt;int&gt; limit</c>).
/// </summary>
internal static partial class BadRequestMessages
{
    public static string Describe(BadHttpRequestException bad, Type? bodyType, JsonSerializerOptions json) => bad switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => $"Request bodies are limited to {RequestBodyLimit.MaxBytes} bytes.",
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => "Send the body as JSON with Content-Type: application/json.",
        { InnerException: JsonException error } => DescribeJson(error, bodyType, json),
        _ when ParameterBinding().Match(bad.Message) is { Success: true } match => match.Groups["value"].Success
            ? $"{match.Groups["name"].Value} has a value that cannot be read: '{EdgeValidation.Echo(match.Groups["value"].Value)}'."
            : $"{match.Groups["name"].Value} is required (in the {match.Groups["source"].Value}).",
        _ when NamesAType(bad.Message) => "The request is not valid.",
        _ => bad.Message,
    };

    private static string DescribeJson(JsonException error, Type? bodyType, JsonSerializerOptions json)
    {
        var path = string.IsNullOrEmpty(error.Path) ? "$" : error.Path;
        var at = error.LineNumber is { } line ? $" (line {line + 1}, byte {error.BytePositionInLine + 1})" : string.Empty;
        if (Expected(bodyType, path, json) is { } expected && error.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            var field = FieldName(path);
            return field is null
                ? $"The request body must be {expected}{at}."
                : $"{field} must be {expected}; the body has something else at {path}{at}.";
        }

        // Syntax errors: the reader's own sentence, which names no type, without its "Path: ... | LineNumber" tail.
        var reason = error.Message.Split(" Path: ", 2)[0].TrimEnd('.', ' ');
        return NamesAType(reason)
            ? $"The request body is not valid JSON at {path}{at}."
            : $"The request body is not valid JSON at {path}{at}: {reason}.";
    }

    /// <summary>What the body's type wants at this JSON path, in JSON terms ("a string", "an object"); null when unknown.</summary>
    private static string? Expected(Type? bodyType, string path, JsonSerializerOptions json)
    {
        if (bodyType is null)
        {
            return null;
        }

        var type = bodyType;
        foreach (Match segment in PathSegment().Matches(path))
        {
            var info = json.GetTypeInfo(type);
            if (segment.Groups["index"].Success)
            {
                type = info.ElementType;
            }
            else
            {
                var name = segment.Groups["name"].Value.Replace("''", "'", StringComparison.Ordinal);
                type = info.Properties.FirstOrDefault(property => string.Equals(property.Name, name,
                    json.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))?.PropertyType;
            }

            if (type is null)
            {
                return null;
            }
        }

        return Kind(type, json);
    }

    private static string Kind(Type type, JsonSerializerOptions json)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Kind(inner, json) + " or null";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => type.IsEnum ? "one of the documented names" : "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.DateTime => "a date and time (ISO 8601)",
            _ when type == typeof(DateTimeOffset) => "a date and time (ISO 8601)",
            _ when type == typeof(Guid) => "a UUID",
            _ => json.GetTypeInfo(type).Kind switch
            {
                JsonTypeInfoKind.Enumerable => "an array",
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
                _ => "a value of the documented type",
            },
        };
    }

    private static string? FieldName(string path) =>
        PathSegment().Matches(path).LastOrDefault(segment => segment.Groups["name"].Success)?.Groups["name"].Value;

    private static bool NamesAType(string message) => DotNetName().IsMatch(message);

    // Minimal API binding errors (RequestDelegateFactory): 'Failed to bind parameter "Nullable<int> limit" from "abc".'
    // and 'Required parameter "string name" was not provided from query string.'
    [GeneratedRegex("""^(?:Failed to bind parameter "[^"]* (?<name>[^" ]+)" from "(?<value>.*)"|Required parameter "[^"]* (?<name>[^" ]+)" was not provided from (?<source>.+?))\.$""", RegexOptions.Singleline)]
    private static partial Regex ParameterBinding();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<name>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();

    [GeneratedRegex(@"\b(?:System|Microsoft|GistCloud)\.|Nullable|`\d")]
    private static partial Regex DotNetName();
}
