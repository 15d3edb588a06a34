import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ParameterRef } from "./data";
import { AppSettings, appEnvironment, dotnetFunction, SecretsKeyRef, TableGrant } from "./lambda";
import { FunctionLimits, syncRequestBatchSize, syncRequestMaxConcurrency, syncTimings } from "./limits";
import { manifest } from "./manifest";

export interface SyncArgs {
    namePrefix: string;
    /** gistcloud-<stage>-sync; its role (made earlier) is named after it. */
    functionName: string;
    app: AppSettings;
    /** artifacts/sync.zip */
    code: pulumi.asset.Archive;
    role: aws.iam.Role;
    limits: FunctionLimits;
    logRetentionDays: number;
    tables: TableGrant[];
    parameters: ParameterRef[];
    secretsKey?: SecretsKeyRef;
    /** Sync__MetricsNamespace/Sync__MetricsStage: each run's figures as CloudWatch metrics (embedded metric format). */
    metrics: { namespace: string; stage: string };
}

/** docs/DESIGN.md "What GistCloud is": every three hours; a run holds a lease, so a late or doubled delivery never overlaps another run. */
export const syncSchedule = "rate(3 hours)";
/** A killed run blocks the next one only until its lease expires. */
export const syncLeaseDuration = "00:02:00";

/** The sync Lambda, its schedule, and where failed invocations end up (a dead-letter queue). */
export class SyncWorker extends pulumi.ComponentResource {
    readonly functionName: pulumi.Output<string>;
    readonly functionArn: pulumi.Output<string>;
    readonly deadLetterQueueUrl: pulumi.Output<string>;
    /** "Sync now" requests from the API (Sync__QueueUrl there). */
    readonly requestQueueUrl: pulumi.Output<string>;
    readonly requestQueueArn: pulumi.Output<string>;
    readonly deadLetterQueueName: pulumi.Output<string>;
    readonly requestDeadLetterQueueName: pulumi.Output<string>;

    constructor(name: string, args: SyncArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gistcloud:aws:SyncWorker", name, {}, opts);
        const timings = syncTimings(args.limits.syncTimeoutSeconds);

        // Failed events wait here 14 days for a look; SQS-managed encryption costs nothing.
        const deadLetters = new aws.sqs.Queue(`${name}-dlq`, {
            name: `${args.namePrefix}-sync-dlq`,
            messageRetentionSeconds: 14 * 24 * 3600,
            sqsManagedSseEnabled: true,
        }, { parent: this });

        // "Sync now": the API sends run requests here; the event source mapping below hands them to the function.
        const requestDeadLetters = new aws.sqs.Queue(`${name}-requests-dlq`, {
            name: `${args.namePrefix}-sync-requests-dlq`,
            messageRetentionSeconds: 14 * 24 * 3600,
            sqsManagedSseEnabled: true,
        }, { parent: this });
        const requests = new aws.sqs.Queue(`${name}-requests`, {
            name: `${args.namePrefix}-sync-requests`,
            visibilityTimeoutSeconds: timings.requestVisibilityTimeoutSeconds,
            messageRetentionSeconds: 24 * 3600, // a request nobody ran within a day is stale: the schedule has run since
            sqsManagedSseEnabled: true,
            redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: requestDeadLetters.arn, maxReceiveCount: args.limits.syncRequestMaxReceives }),
        }, { parent: this });

        const { fn } = dotnetFunction(name, {
            functionName: args.functionName,
            role: args.role,
            description: "GistCloud sync: scans the tracked users' gists and publishes new ones to Pipedrive",
            code: args.code,
            handler: manifest.sync.handler,
            memoryMb: args.limits.syncMemoryMb,
            timeoutSeconds: args.limits.syncTimeoutSeconds,
            reservedConcurrency: args.limits.syncReservedConcurrency > 0 ? args.limits.syncReservedConcurrency : undefined,
            logRetentionDays: args.logRetentionDays,
            environment: {
                ...appEnvironment(args.app, args.parameters),
                [manifest.settings.syncLeaseDuration]: syncLeaseDuration,
                // A run stops (keeping its work) before Lambda's timeout would kill it unrecorded.
                [manifest.settings.syncMaxRunDuration]: timings.maxRunDuration,
                [manifest.settings.syncMetricsNamespace]: args.metrics.namespace,
                [manifest.settings.syncMetricsStage]: args.metrics.stage,
                // The .NET runtime otherwise puts "time\trequestId\tinfo\t" before each stdout line: the app's lines are
                // already JSON (with time and RunId), and the metrics line must stay a bare EMF document.
                AWS_LAMBDA_HANDLER_LOG_FORMAT: "Unformatted",
            },
            tables: args.tables,
            parameters: args.parameters,
            secretsKey: args.secretsKey,
            // Lambda's own async retries hand a failed run to the queue (see the invoke config below).
            extraStatements: [
                { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [deadLetters.arn] },
                // What the event source mapping needs, on the request queue alone.
                {
                    Sid: "SyncRequests",
                    Effect: "Allow",
                    Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
                    Resource: [requests.arn],
                },
            ],
        }, this);

        // EventBridge invokes asynchronously: its retry policy and DLQ cover delivery (throttling, a missing
        // permission); a run that fails (SyncRunFailedException) is retried by Lambda and then sent here too.
        new aws.lambda.FunctionEventInvokeConfig(`${name}-async`, {
            functionName: fn.name,
            maximumRetryAttempts: args.limits.syncRunRetries,
            maximumEventAgeInSeconds: 3600,
            destinationConfig: { onFailure: { destination: deadLetters.arn } },
        }, { parent: this });

        const rule = new aws.cloudwatch.EventRule(`${name}-schedule`, {
            name: `${args.namePrefix}-sync-schedule`,
            description: "GistCloud: start a sync run",
            scheduleExpression: syncSchedule,
        }, { parent: this });

        new aws.lambda.Permission(`${name}-invoke`, {
            action: "lambda:InvokeFunction",
            function: fn.name,
            principal: "events.amazonaws.com",
            sourceArn: rule.arn,
        }, { parent: this });

        new aws.cloudwatch.EventTarget(`${name}-target`, {
            rule: rule.name,
            arn: fn.arn,
            retryPolicy: { maximumRetryAttempts: args.limits.syncScheduleRetries, maximumEventAgeInSeconds: 3600 },
            deadLetterConfig: { arn: deadLetters.arn },
        }, { parent: this });

        // Only this rule may drop undeliverable events into the queue.
        new aws.sqs.QueuePolicy(`${name}-dlq-policy`, {
            queueUrl: deadLetters.url,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "ScheduleDeadLetters",
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: deadLetters.arn,
                    Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
                }],
            }),
        }, { parent: this });

        new aws.lambda.EventSourceMapping(`${name}-requests`, {
            eventSourceArn: requests.arn,
            functionName: fn.arn,
            batchSize: syncRequestBatchSize,
            scalingConfig: { maximumConcurrency: syncRequestMaxConcurrency },
            // SyncFunction answers batchItemFailures: only a failed request goes back to the queue.
            functionResponseTypes: ["ReportBatchItemFailures"],
        }, { parent: this });

        this.functionName = fn.name;
        this.functionArn = fn.arn;
        this.deadLetterQueueUrl = deadLetters.url;
        this.requestQueueUrl = requests.url;
        this.requestQueueArn = requests.arn;
        this.deadLetterQueueName = deadLetters.name;
        this.requestDeadLetterQueueName = requestDeadLetters.name;
        this.registerOutputs({ functionName: this.functionName, deadLetterQueueUrl: this.deadLetterQueueUrl, requestQueueUrl: this.requestQueueUrl });
    }
}
