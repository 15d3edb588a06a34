using System.ComponentModel.DataAnnotations;

namespace GistCloud.Core.Storage.Visits;

/// <summary>Configuration section <c>Visits</c>: how long visits are kept.</summary>
public sealed class VisitOptions
{
    public const string SectionName = "Visits";

    /// <summary>
    /// A visit expires this long after it was made (DynamoDB's TTL deletes it; reads ignore it at once). A viewer back
    /// after longer sees a first visit again. 90 days, like sync runs: a quarter covers people who look in now and then,
    /// while rows from one-off or scripted callers do not pile up forever.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Visits:Retention must be between 1 hour and 3650 days.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
}
