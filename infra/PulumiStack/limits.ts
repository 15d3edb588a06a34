// Every limit the two functions run under. The stage's config (Pulumi.yaml documents each key) gives the free
// values; everything that follows from the sync timeout is derived in syncTimings, and nowhere else.

/** The named limits a stage sets (Pulumi.yaml: syncMemoryMb, apiMemoryMb, syncTimeoutSeconds, ...). */
export interface FunctionLimits {
    syncMemoryMb: number;
    apiMemoryMb: number;
    /** Lambda's maximum is 900 s; a run stops syncFinishMarginSeconds before it (Sync__MaxRunDuration). */
    syncTimeoutSeconds: number;
    /** Reserved concurrency of the sync function; 0 = no reservation (accounts whose concurrency quota is low). */
    syncReservedConcurrency: number;
    /** Lambda's own retries of a failed scheduled run before it goes to the dead-letter queue (0-2). */
    syncRunRetries: number;
    /** EventBridge's delivery retries of the schedule (throttled, or a missing permission). */
    syncScheduleRetries: number;
    /** Receives of a "Sync now" request before it is parked in its dead-letter queue. */
    syncRequestMaxReceives: number;
}

/** API Gateway's HTTP API integration gives up at 30 s: the function stops first, so the client gets its answer. */
export const apiIntegrationTimeoutMs = 30_000;
export const apiTimeoutSeconds = 29;

/** "Sync now" requests: one per invocation, at most two invocations at once (the lease lets only one run anyway). */
export const syncRequestBatchSize = 1;
export const syncRequestMaxConcurrency = 2;

/** Time a run keeps after Sync__MaxRunDuration to save its figures and release its lease before Lambda's timeout. */
export const syncFinishMarginSeconds = 60;

/** The sync duration alarm fires when a run uses this share of the timeout (it is about to be cut short). */
export const syncDurationAlarmShare = 0.8;

export interface SyncTimings {
    /** Sync__MaxRunDuration, as a .NET TimeSpan ("hh:mm:ss"). */
    maxRunDuration: string;
    /** AWS asks for at least six times the function timeout on an event source queue, so a retried batch is never handed out twice. */
    requestVisibilityTimeoutSeconds: number;
    /** Duration (Maximum, ms) above which the duration alarm fires. */
    durationAlarmThresholdMs: number;
}

export function syncTimings(timeoutSeconds: number): SyncTimings {
    if (timeoutSeconds <= syncFinishMarginSeconds) {
        throw new Error(`The sync timeout (${timeoutSeconds} s) must exceed the ${syncFinishMarginSeconds} s a run keeps to finish.`);
    }
    return {
        maxRunDuration: timeSpan(timeoutSeconds - syncFinishMarginSeconds),
        requestVisibilityTimeoutSeconds: 6 * timeoutSeconds,
        durationAlarmThresholdMs: syncDurationAlarmShare * timeoutSeconds * 1000,
    };
}

/** Seconds as a .NET TimeSpan string, e.g. 840 → "00:14:00" (what the app's configuration binder reads). */
export function timeSpan(seconds: number): string {
    const two = (n: number) => String(Math.floor(n)).padStart(2, "0");
    return `${two(seconds / 3600)}:${two((seconds % 3600) / 60)}:${two(seconds % 60)}`;
}
