import { beforeAll, describe, expect, test } from "vitest";
import { apiIntegrationTimeoutMs, syncTimings, timeSpan } from "../limits";
import { manifest } from "../manifest";
import { deploy, Deployment, projectDir } from "./harness";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

// Issue 11: every limit is a named setting with a pinned default, and what follows from the sync timeout follows.

const FUNCTION = "aws:lambda/function:Function";
const fn = (d: Deployment, name: string) => d.one(FUNCTION, name).inputs;

let prd: Deployment;
beforeAll(async () => {
    prd = await deploy("prd");
});

describe("the defaults", () => {
    test("sync: 1024 MB, Lambda's 900 s, 3 reserved (two requests and the schedule), and a run limit of 14 minutes", () => {
        const sync = fn(prd, "sync");
        expect(sync).toMatchObject({ memorySize: 1024, timeout: 900, reservedConcurrentExecutions: 3 });
        expect(sync.environment.variables[manifest.settings.syncMaxRunDuration]).toBe("00:14:00");
    });

    test("API: 1024 MB, 29 s: under API Gateway's 30 s, so the function's own timeout answers first; no reservation", () => {
        const api = fn(prd, "api");
        expect(api).toMatchObject({ memorySize: 1024, timeout: 29, reservedConcurrentExecutions: -1 });
        const integration = prd.one("aws:apigatewayv2/integration:Integration").inputs;
        expect(integration.timeoutMilliseconds).toBe(apiIntegrationTimeoutMs);
        expect(api.timeout * 1000).toBeLessThan(integration.timeoutMilliseconds);
    });

    test("retries: the schedule's delivery 4, a failed run once more, a Sync now request 3 receives", () => {
        expect(prd.one("aws:cloudwatch/eventTarget:EventTarget").inputs.retryPolicy).toEqual({ maximumRetryAttempts: 4, maximumEventAgeInSeconds: 3600 });
        expect(prd.one("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").inputs.maximumRetryAttempts).toBe(1);
        expect(JSON.parse(prd.one("aws:sqs/queue:Queue", "sync-requests").inputs.redrivePolicy).maxReceiveCount).toBe(3);
    });
});

test("a shorter sync timeout moves the run limit, the request queue's visibility and the duration alarm with it", async () => {
    const short = await deploy("stg", config => { config["gistcloud:syncTimeoutSeconds"] = "600"; });
    expect(fn(short, "sync").timeout).toBe(600);
    expect(fn(short, "sync").environment.variables[manifest.settings.syncMaxRunDuration]).toBe("00:09:00");
    expect(short.one("aws:sqs/queue:Queue", "sync-requests").inputs.visibilityTimeoutSeconds).toBe(3600);
    expect(short.one("aws:cloudwatch/metricAlarm:MetricAlarm", "monitoring-sync-duration").inputs.threshold).toBe(480_000);
});

test("every named limit is read from the stack", async () => {
    const tuned = await deploy("stg", config => {
        Object.assign(config, {
            "gistcloud:syncMemoryMb": "2048", "gistcloud:apiMemoryMb": "512", "gistcloud:syncReservedConcurrency": "5",
            "gistcloud:syncRunRetries": "0", "gistcloud:syncScheduleRetries": "10", "gistcloud:syncRequestMaxReceives": "7",
        });
    });
    expect(fn(tuned, "sync")).toMatchObject({ memorySize: 2048, reservedConcurrentExecutions: 5 });
    expect(fn(tuned, "api").memorySize).toBe(512);
    expect(tuned.one("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").inputs.maximumRetryAttempts).toBe(0);
    expect(tuned.one("aws:cloudwatch/eventTarget:EventTarget").inputs.retryPolicy.maximumRetryAttempts).toBe(10);
    expect(JSON.parse(tuned.one("aws:sqs/queue:Queue", "sync-requests").inputs.redrivePolicy).maxReceiveCount).toBe(7);
});

test("an account with a low concurrency quota turns the reservation off with 0", async () => {
    const off = await deploy("dev", config => { config["gistcloud:syncReservedConcurrency"] = "0"; });
    expect(fn(off, "sync").reservedConcurrentExecutions).toBe(-1); // -1 is "unreserved"; 0 would stop the function
});

test.each([
    ["syncReservedConcurrency", "1", /use 0 \(no reservation\) or at least 2/],
    ["syncTimeoutSeconds", "901", /syncTimeoutSeconds/],
    ["syncTimeoutSeconds", "60", /syncTimeoutSeconds/],
    ["syncRunRetries", "3", /syncRunRetries/],
    ["apiMemoryMb", "64", /apiMemoryMb/],
])("%s = %s is refused before anything is planned", async (key, value, message) => {
    await expect(deploy("dev", config => { config[`gistcloud:${key}`] = value; })).rejects.toThrow(message);
});

test("the run limit leaves a minute for the figures and the lease, at any timeout", () => {
    expect(syncTimings(900)).toEqual({ maxRunDuration: "00:14:00", requestVisibilityTimeoutSeconds: 5400, durationAlarmThresholdMs: 720_000 });
    expect(syncTimings(125).maxRunDuration).toBe("00:01:05");
    expect(timeSpan(3725)).toBe("01:02:05");
});

describe("tags", () => {
    test.each(["dev", "stg", "prd"])("%s tags every resource with the app and its stage (aws:defaultTags)", stage => {
        const stack = parse(fs.readFileSync(path.join(projectDir, `Pulumi.${stage}.yaml`), "utf8"));
        expect(stack.config["aws:defaultTags"]).toEqual({ tags: { app: "gistcloud", stage } });
    });

    test("a stack whose tags name another stage is refused", async () => {
        await expect(deploy("prd", config => { config["aws:defaultTags"] = JSON.stringify({ tags: { app: "gistcloud", stage: "stg" } }); }))
            .rejects.toThrow(/Pulumi\.prd\.yaml must set aws:defaultTags/);
    });
});
