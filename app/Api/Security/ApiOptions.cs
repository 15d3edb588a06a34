using System.ComponentModel.DataAnnotations;

namespace GistCloud.Api.Security;

/// <summary>Configuration section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Admin key for write calls; unset leaves writes open (with a warning at start).</summary>
    [MinLength(16, ErrorMessage = "Api:Key must be at least 16 characters long (or unset to leave writes open).")]
    public string? Key { get; set; }
}
