import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ParameterRef } from "./data";
import { AppSettings, appEnvironment, dotnetFunction, TableGrant } from "./lambda";
import { manifest } from "./manifest";

export interface SyncArgs {
    namePrefix: string;
    app: AppSettings;
    /** artifacts/sync.zip */
    code: pulumi.asset.Archive;
    memoryMb: number;
    logRetentionDays: number;
    tables: TableGrant[];
    parameters: ParameterRef[];
}

/** docs/DESIGN.md "What GistCloud is": every three hours; a run holds a lease, so a late or doubled delivery never overlaps another run. */
export const syncSchedule = "rate(3 hours)";
/** Lambda's maximum. A killed run blocks the next one only until its lease expires (Sync__LeaseDuration). */
export const syncTimeoutSeconds = 900;
export const syncLeaseDuration = "00:02:00";

/** The sync Lambda, its schedule, and where failed invocations end up (a dead-letter queue). */
export class SyncWorker extends pulumi.ComponentResource {
    readonly functionName: pulumi.Output<string>;
    readonly functionArn: pulumi.Output<string>;
    readonly deadLetterQueueUrl: pulumi.Output<string>;

    constructor(name: string, args: SyncArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gistcloud:aws:SyncWorker", name, {}, opts);

        // Failed events wait here 14 days for a look; SQS-managed encryption costs nothing.
        const deadLetters = new aws.sqs.Queue(`${name}-dlq`, {
            name: `${args.namePrefix}-sync-dlq`,
            messageRetentionSeconds: 14 * 24 * 3600,
            sqsManagedSseEnabled: true,
        }, { parent: this });

        const { fn } = dotnetFunction(name, {
            functionName: `${args.namePrefix}-sync`,
            description: "GistCloud sync: scans the tracked users' gists and publishes new ones to Pipedrive",
            code: args.code,
            handler: manifest.sync.handler,
            memoryMb: args.memoryMb,
            timeoutSeconds: syncTimeoutSeconds,
            logRetentionDays: args.logRetentionDays,
            environment: {
                ...appEnvironment(args.app, args.parameters),
                [manifest.settings.syncLeaseDuration]: syncLeaseDuration,
            },
            tables: args.tables,
            parameters: args.parameters,
            // Lambda's own async retries hand a failed run to the queue (see the invoke config below).
            extraStatements: [{ Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [deadLetters.arn] }],
        }, this);

        // EventBridge invokes asynchronously: its retry policy and DLQ cover delivery (throttling, a missing
        // permission); a run that fails (SyncRunFailedException) is retried by Lambda and then sent here too.
        new aws.lambda.FunctionEventInvokeConfig(`${name}-async`, {
            functionName: fn.name,
            maximumRetryAttempts: 1,
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
            retryPolicy: { maximumRetryAttempts: 4, maximumEventAgeInSeconds: 3600 },
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

        this.functionName = fn.name;
        this.functionArn = fn.arn;
        this.deadLetterQueueUrl = deadLetters.url;
        this.registerOutputs({ functionName: this.functionName, deadLetterQueueUrl: this.deadLetterQueueUrl });
    }
}
