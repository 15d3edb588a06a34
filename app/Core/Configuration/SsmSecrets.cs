using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Microsoft.Extensions.Configuration;

namespace GistCloud.Core.Configuration;

/// <summary>
/// On AWS the secrets (GitHub token, Pipedrive token, API key) live in SSM Parameter Store as SecureStrings and
/// the Lambdas get only their names: <c>GitHub__TokenParameter=/gistcloud/prd/github-token</c> means "read that
/// parameter, decrypted, into <c>GitHub:Token</c>". Read once at start, so a warm Lambda makes no SSM call.
/// </summary>
public static class SsmSecrets
{
    public const string Suffix = "Parameter";

    /// <summary>Resolves every <c>…Parameter</c> key of <paramref name="builder"/>'s configuration so far, if any.</summary>
    public static IConfigurationBuilder AddSsmSecrets(this IConfigurationBuilder builder, Func<IAmazonSimpleSystemsManagement>? client = null)
    {
        var references = ParameterReferences(builder.Build());
        if (references.Count == 0)
        {
            return builder;
        }

        using var ssm = client?.Invoke() ?? new AmazonSimpleSystemsManagementClient();
        var values = ResolveAsync(ssm, references).GetAwaiter().GetResult(); // configuration building is synchronous
        return builder.AddInMemoryCollection(values);
    }

    /// <summary>Configuration key to fill → SSM parameter name, for every non-empty <c>Section:NameParameter</c>.</summary>
    internal static Dictionary<string, string> ParameterReferences(IConfiguration configuration) =>
        configuration.AsEnumerable()
            .Where(pair => pair.Key.EndsWith(Suffix, StringComparison.Ordinal) && pair.Key.Contains(':', StringComparison.Ordinal)
                && !string.IsNullOrWhiteSpace(pair.Value))
            .ToDictionary(pair => pair.Key[..^Suffix.Length], pair => pair.Value!, StringComparer.OrdinalIgnoreCase);

    private static async Task<Dictionary<string, string?>> ResolveAsync(IAmazonSimpleSystemsManagement ssm, Dictionary<string, string> references)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var batch in references.Chunk(10)) // GetParameters takes at most 10 names
        {
            var response = await ssm.GetParametersAsync(new GetParametersRequest
            {
                Names = [.. batch.Select(r => r.Value).Distinct()],
                WithDecryption = true,
            });
            if (response.InvalidParameters is { Count: > 0 } missing)
            {
                // Names only: a parameter's value never reaches an exception or a log.
                throw new InvalidOperationException($"SSM has no parameter(s) {string.Join(", ", missing)} (referenced by {string.Join(", ", batch.Where(r => missing.Contains(r.Value)).Select(r => r.Key + Suffix))}).");
            }

            var byName = (response.Parameters ?? []).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            foreach (var (key, name) in batch)
            {
                values[key] = byName[name];
            }
        }

        return values;
    }
}
