import { beforeAll, describe, expect, test } from "vitest";
import { manifest } from "../manifest";
import { syncRequestBatchSize, syncRequestMaxConcurrency } from "../limits";
import { asArray, deploy, Deployment, policyOf } from "./harness";

// "Sync now" on AWS: the API sends run requests to a queue the sync Lambda consumes (issue 11).

const QUEUE = "aws:sqs/queue:Queue";
const MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const FUNCTION = "aws:lambda/function:Function";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const queueArn = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;

let dev: Deployment;
beforeAll(async () => {
    dev = await deploy("dev");
});

const statements = (fn: string) => policyOf(dev.one(ROLE_POLICY, `${fn}-access`).inputs.policy).Statement;

describe("the sync request queue", () => {
    test("has its own dead-letter queue after the configured receives, and a visibility timeout six times the function's", () => {
        const requests = dev.one(QUEUE, "sync-requests").inputs;
        const deadLetters = dev.one(QUEUE, "sync-requests-dlq").inputs;
        expect(requests.name).toBe("gistcloud-dev-sync-requests");
        expect(deadLetters.name).toBe("gistcloud-dev-sync-requests-dlq");
        expect(requests.visibilityTimeoutSeconds).toBe(6 * dev.one(FUNCTION, "sync").inputs.timeout);
        expect(requests.visibilityTimeoutSeconds).toBeGreaterThan(dev.one(FUNCTION, "sync").inputs.timeout);
        expect(JSON.parse(requests.redrivePolicy)).toEqual({
            deadLetterTargetArn: queueArn("gistcloud-dev-sync-requests-dlq"),
            maxReceiveCount: 3, // syncRequestMaxReceives default (Pulumi.yaml)
        });
        expect(requests.sqsManagedSseEnabled).toBe(true);
        expect(deadLetters.messageRetentionSeconds).toBe(14 * 24 * 3600);
    });

    test("feeds the sync Lambda one request at a time, two at most at once, reporting failures per message", () => {
        const mapping = dev.one(MAPPING, "sync-requests").inputs;
        expect(mapping.eventSourceArn).toBe(queueArn("gistcloud-dev-sync-requests"));
        expect(mapping.functionName).toBe("arn:aws:lambda:eu-west-1:123456789012:function:gistcloud-dev-sync");
        expect(mapping.batchSize).toBe(syncRequestBatchSize);
        expect(syncRequestBatchSize).toBe(1);
        expect(mapping.scalingConfig).toEqual({ maximumConcurrency: syncRequestMaxConcurrency });
        expect(syncRequestMaxConcurrency).toBe(2);
        expect(mapping.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    });

    test("the API sends to it and nothing else; the sync Lambda consumes it and nothing else", () => {
        const api = dev.one(FUNCTION, "api").inputs.environment.variables;
        expect(api[manifest.settings.syncQueueUrl]).toBe("https://sqs.eu-west-1.amazonaws.com/123456789012/gistcloud-dev-sync-requests");
        expect(api[manifest.settings.syncInterval]).toBe("00:00:00");
        expect(dev.one(FUNCTION, "sync").inputs.environment.variables[manifest.settings.syncQueueUrl]).toBeUndefined();

        const sends = statements("api").find(s => s.Sid === "SyncRequests")!;
        expect(asArray(sends.Action)).toEqual(["sqs:SendMessage"]);
        expect(asArray(sends.Resource)).toEqual([queueArn("gistcloud-dev-sync-requests")]);

        const consumes = statements("sync").find(s => s.Sid === "SyncRequests")!;
        expect(asArray<string>(consumes.Action).sort()).toEqual(
            ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]);
        expect(asArray(consumes.Resource)).toEqual([queueArn("gistcloud-dev-sync-requests")]);
    });
});
