import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** CloudWatch namespace of the run figures the sync writes in embedded metric format (Sync__MetricsNamespace). */
export const runMetricsNamespace = "GistCloud";

export interface MonitoringArgs {
    namePrefix: string;
    stage: string;
    region: string;
    /** Notifications also go here by e-mail (the address confirms the subscription first). */
    alarmEmail?: string;
    syncFunctionName: pulumi.Input<string>;
    apiFunctionName: pulumi.Input<string>;
    /** The sync's two dead-letter queues: failed scheduled runs, and "Sync now" requests that failed every receive. */
    deadLetterQueueNames: pulumi.Input<string>[];
    /** The sync run duration (Maximum, ms) that alarms: 80 % of the function's timeout (limits.ts). */
    syncDurationAlarmMs: number;
    api: { id: pulumi.Input<string>; stage: pulumi.Input<string> };
}

/** API 5xx rate (percent of requests over 5 minutes) that alarms, and the traffic below which a rate means little. */
export const api5xxAlarmPercent = 5;
export const api5xxMinimumRequests = 20;

type AlarmArgs = Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "name">;

/** Alarms on everything that needs a person, an SNS topic they go to, and one dashboard for the stage. */
export class Monitoring extends pulumi.ComponentResource {
    readonly topicArn: pulumi.Output<string>;
    readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gistcloud:aws:Monitoring", name, {}, opts);

        // Not encrypted: CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key, and an alarm
        // notification holds nothing secret.
        const topic = new aws.sns.Topic(`${name}-alarms`, { name: `${args.namePrefix}-alarms` }, { parent: this });
        if (args.alarmEmail) {
            new aws.sns.TopicSubscription(`${name}-alarms-email`, {
                topic: topic.arn,
                protocol: "email",
                endpoint: args.alarmEmail,
            }, { parent: this });
        }

        const alarms: aws.cloudwatch.MetricAlarm[] = [];
        const alarm = (suffix: string, alarmArgs: AlarmArgs) => {
            const created = new aws.cloudwatch.MetricAlarm(`${name}-${suffix}`, {
                name: `${args.namePrefix}-${suffix}`,
                alarmActions: [topic.arn],
                okActions: [topic.arn], // "resolved" too, so nobody chases an alarm that has cleared
                treatMissingData: "notBreaching",
                ...alarmArgs,
            }, { parent: this });
            alarms.push(created);
        };
        const fiveMinutes = { period: 300, evaluationPeriods: 1 };

        args.deadLetterQueueNames.forEach((queueName, i) => alarm(i === 0 ? "sync-dlq-messages" : "sync-requests-dlq-messages", {
            alarmDescription: pulumi.interpolate`Messages wait in ${queueName}: a sync run or request failed every retry. README "What each alarm means".`,
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: queueName },
            statistic: "Maximum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            ...fiveMinutes,
        }));

        for (const [fn, functionName] of [["sync", args.syncFunctionName], ["api", args.apiFunctionName]] as const) {
            for (const metric of ["Errors", "Throttles"]) {
                alarm(`${fn}-${metric.toLowerCase()}`, {
                    alarmDescription: pulumi.interpolate`${functionName}: ${metric === "Errors" ? "invocations failed (a crash, a timeout, or a failed run)" : "invocations were throttled (concurrency)"}.`,
                    namespace: "AWS/Lambda",
                    metricName: metric,
                    dimensions: { FunctionName: functionName },
                    statistic: "Sum",
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: 1,
                    ...fiveMinutes,
                });
            }
        }

        alarm("sync-duration", {
            alarmDescription: pulumi.interpolate`A sync run took over 80 % of the function's timeout: the next growth cuts runs short (Sync__MaxRunDuration).`,
            namespace: "AWS/Lambda",
            metricName: "Duration",
            dimensions: { FunctionName: args.syncFunctionName },
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: args.syncDurationAlarmMs,
            ...fiveMinutes,
        });

        alarm("api-5xx-rate", {
            alarmDescription: `Over ${api5xxAlarmPercent} % of API requests answered 5xx in 2 of 3 five-minute periods (with at least ${api5xxMinimumRequests} requests).`,
            comparisonOperator: "GreaterThanThreshold",
            threshold: api5xxAlarmPercent,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            metricQueries: [
                {
                    id: "rate",
                    label: "5xx, % of requests",
                    // Below the minimum traffic one failed request is no rate: 0 then.
                    expression: `IF(requests >= ${api5xxMinimumRequests}, 100 * errors / requests, 0)`,
                    returnData: true,
                },
                apiMetric("errors", "5xx", args.api),
                apiMetric("requests", "Count", args.api),
            ],
        });

        const runMetric = (metricName: string) => ({
            namespace: runMetricsNamespace,
            metricName,
            dimensions: { Stage: args.stage },
            statistic: "Sum",
        });
        alarm("sync-run-failed", {
            alarmDescription: "A sync run ended failed: its record (GET /api/sync/runs) and its log lines (RunId) say why.",
            ...runMetric("RunsFailed"),
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            ...fiveMinutes,
        });
        alarm("sync-run-stopped-early", {
            alarmDescription: "A sync run stopped early (GitHub's rate limit, or Sync__MaxRunDuration): the next run goes on; repeated, it falls behind.",
            ...runMetric("RunsStoppedEarly"),
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            ...fiveMinutes,
        });
        alarm("sync-not-completing", {
            alarmDescription: "No sync run completed for 7 hours (two schedules missed): the schedule, the function or every run is failing.",
            ...runMetric("RunsCompleted"),
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            period: 3600,
            evaluationPeriods: 7,
            datapointsToAlarm: 7,
            treatMissingData: "breaching", // no run at all is exactly what this watches for
        });

        const dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, {
            dashboardName: args.namePrefix,
            dashboardBody: pulumi.jsonStringify({
                widgets: dashboardWidgets(args, alarms.map(a => a.arn)),
            }),
        }, { parent: this });

        this.topicArn = topic.arn;
        this.dashboardName = dashboard.dashboardName;
        this.registerOutputs({ topicArn: this.topicArn, dashboardName: this.dashboardName });
    }
}

function apiMetric(id: string, metricName: string, api: MonitoringArgs["api"]): aws.types.input.cloudwatch.MetricAlarmMetricQuery {
    return {
        id,
        metric: {
            namespace: "AWS/ApiGateway",
            metricName,
            dimensions: { ApiId: api.id, Stage: api.stage },
            stat: "Sum",
            period: 300,
        },
    };
}

/** Runs and gists on top, then the functions, the API and the queues, then every alarm's state. */
function dashboardWidgets(args: MonitoringArgs, alarmArns: pulumi.Output<string>[]) {
    const region = args.region;
    const run = (name: string) => [runMetricsNamespace, name, "Stage", args.stage];
    const lambda = (metric: string, fn: pulumi.Input<string>, stat = "Sum") => ["AWS/Lambda", metric, "FunctionName", fn, { stat }];
    const graph = (title: string, x: number, y: number, metrics: unknown[], extra: Record<string, unknown> = {}) => ({
        type: "metric", x, y, width: 12, height: 6,
        properties: { title, region, view: "timeSeries", stat: "Sum", period: 300, metrics, ...extra },
    });
    return [
        graph("Sync runs", 0, 0, [run("RunsCompleted"), run("RunsStoppedEarly"), run("RunsFailed")]),
        graph("Gists", 12, 0, [run("GistsStored"), run("GistsPublished"), run("GistsFailed")]),
        graph("Sync duration (ms)", 0, 6, [lambda("Duration", args.syncFunctionName, "Maximum")], {
            annotations: { horizontal: [{ label: "alarm: 80 % of the timeout", value: args.syncDurationAlarmMs }] },
        }),
        graph("Function errors and throttles", 12, 6, [
            lambda("Errors", args.syncFunctionName), lambda("Throttles", args.syncFunctionName),
            lambda("Errors", args.apiFunctionName), lambda("Throttles", args.apiFunctionName),
        ]),
        graph("API requests and errors", 0, 12, [
            ["AWS/ApiGateway", "Count", "ApiId", args.api.id, "Stage", args.api.stage],
            ["AWS/ApiGateway", "4xx", "ApiId", args.api.id, "Stage", args.api.stage],
            ["AWS/ApiGateway", "5xx", "ApiId", args.api.id, "Stage", args.api.stage],
        ]),
        graph("Dead-letter queues (messages waiting)", 12, 12,
            args.deadLetterQueueNames.map(q => ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q, { stat: "Maximum" }])),
        { type: "alarm", x: 0, y: 18, width: 24, height: 4, properties: { title: "Alarms", alarms: alarmArns } },
    ];
}
