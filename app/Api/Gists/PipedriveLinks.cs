using System.Globalization;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Pipedrive;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Gists;

/// <summary>
/// Links into the Pipedrive web app for answers, from <c>Pipedrive:BaseUrl</c>: <c>{base}/deal/{id}</c> and
/// <c>{base}/person/{id}</c>, the detail-page forms in common use. Pipedrive documents no stable page for one activity
/// (its web app opens activities as a dialog over a list), so a published activity has no item link: its person has.
/// </summary>
internal sealed class PipedriveLinks(IOptions<PipedriveOptions> options)
{
    private readonly string? _base = options.Value.BaseUrl?.GetLeftPart(UriPartial.Path).TrimEnd('/');
    private readonly PipedriveMode _mode = options.Value.Mode;

    /// <summary>Publishing attempts per gist before it stays <c>failed</c> (<c>Pipedrive:MaxAttempts</c>).</summary>
    public int MaxAttempts { get; } = options.Value.MaxAttempts;

    /// <summary>The published deal's page; null when not published, in activity mode, or without a base URL.</summary>
    public string? ItemUrl(PipedriveState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state is { Status: PublishStatus.Published, ItemId: { } id } && _mode == PipedriveMode.Deal ? Link("deal", id) : null;
    }

    /// <summary>The person's page; null without a person or a base URL.</summary>
    public string? PersonUrl(long? personId) => personId is { } id ? Link("person", id) : null;

    private string? Link(string kind, long id) => _base is null ? null : $"{_base}/{kind}/{id.ToString(CultureInfo.InvariantCulture)}";
}
