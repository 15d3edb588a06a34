namespace GistCloud.Fakes.Pipedrive;

/// <summary>
/// One fake Pipedrive company: its data, the token it accepts, its burst limit, injected faults and the request log.
/// <see cref="FakePipedriveServer"/> serves one on its own port; <see cref="FakePipedriveEndpoints.MapFakePipedrive"/>
/// maps one into any <see cref="WebApplication"/> (e.g. beside the fake GitHub in the offline demo).
/// </summary>
public sealed class FakePipedrive
{
    public FakePipedrive(string token, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        time ??= TimeProvider.System;
        Token = token;
        Data = new FakePipedriveData(time);
        BurstLimit = new FakePipedriveBurstLimit(time);
        Gate = new FakePipedriveGate(this, time);
    }

    /// <summary>The API token requests must carry in <c>x-api-token</c>.</summary>
    public string Token { get; }

    public FakePipedriveData Data { get; }

    public FakePipedriveFaults Faults { get; } = new();

    public FakePipedriveBurstLimit BurstLimit { get; }

    public FakePipedriveRequestLog Log { get; } = new();

    /// <summary>Most items a list page holds, whatever <c>limit</c> asks (Pipedrive: 500). Lower it to test pagination.</summary>
    public int MaxPageSize { get; set; } = 500;

    internal FakePipedriveGate Gate { get; }
}
