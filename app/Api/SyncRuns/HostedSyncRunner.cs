using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Sync;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.SyncRuns;

/// <summary>
/// Runs the sync in this process: on a timer every <c>Sync:Interval</c>, and on demand (<c>POST /api/sync</c>).
/// With an interval of zero the API runs no sync at all (on AWS the sync Lambda does).
/// </summary>
internal sealed partial class HostedSyncRunner(
    IServiceScopeFactory scopes,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<HostedSyncRunner> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private Task<SyncRun>? _current;
    private string? _currentRunId;
    private DateTimeOffset? _nextRunAt;
    private CancellationToken _stopping;

    public bool IsHosted => options.Value.TimerEnabled;

    public DateTimeOffset? NextRunAt => _nextRunAt;

    /// <summary>The run this process is working on, if any.</summary>
    public string? RunningRunId
    {
        get
        {
            lock (_gate)
            {
                return _current is { IsCompleted: false } ? _currentRunId : null;
            }
        }
    }

    /// <summary>Starts a run now; the start says whether it did or which run holds the lease.</summary>
    public async Task<SyncStart> TriggerAsync(SyncTrigger trigger, Actor? requestedBy = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var start = await scope.ServiceProvider.GetRequiredService<SyncEngine>().TryStartAsync(trigger, _stopping, requestedBy: requestedBy);
        if (start.Completion is { } completion)
        {
            lock (_gate)
            {
                _current = completion;
                _currentRunId = start.Run.RunId;
            }
        }

        return start;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        if (!IsHosted)
        {
            LogNotHosted();
            return;
        }

        var interval = options.Value.Interval;
        using var timer = new PeriodicTimer(interval, time);
        _nextRunAt = time.GetUtcNow() + interval;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _nextRunAt = time.GetUtcNow() + interval;
                try
                {
                    var start = await TriggerAsync(SyncTrigger.Schedule);
                    if (start.Completion is { } completion)
                    {
                        await completion;
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The next tick tries again; the run itself records what went wrong.
                    LogRunFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Task? running;
        lock (_gate)
        {
            running = _current;
        }

        if (running is not null)
        {
            // The run saw the stopping token; let it record its figures and release the lease.
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync:Interval is 0: this API does not run the sync (the scheduled sync worker does)")]
    private partial void LogNotHosted();

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduled sync run could not start")]
    private partial void LogRunFailed(Exception exception);
}
