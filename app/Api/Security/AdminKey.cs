using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Security;

/// <summary>The configured admin key (<c>Api:Key</c>), kept only as its SHA-256 hash.</summary>
internal sealed class AdminKey(IOptions<ApiOptions> options)
{
    // Hashing both sides first makes the comparison constant-time in the key's length too.
    private readonly byte[]? _expectedHash = options.Value.Key is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
        : null;

    /// <summary>False when <c>Api:Key</c> is unset: writes are open.</summary>
    public bool IsConfigured => _expectedHash is not null;

    public bool Matches(string given) =>
        _expectedHash is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _expectedHash);
}
