import { beforeAll, describe, expect, test } from "vitest";
import { manifest } from "../manifest";
import { api5xxAlarmPercent, runMetricsNamespace } from "../monitoring";
import { deploy, Deployment } from "./harness";

// Issue 11: every failure that needs a person raises an alarm on the stage's topic; one dashboard shows the stage.

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const FUNCTION = "aws:lambda/function:Function";

let stg: Deployment;
let stgWithEmail: Deployment;
beforeAll(async () => {
    stg = await deploy("stg");
    stgWithEmail = await deploy("stg", config => { config["gistcloud:alarmEmail"] = "oncall@example.com"; });
});

const alarm = (d: Deployment, suffix: string) => d.one(ALARM, `monitoring-${suffix}`).inputs;
const topicArn = "arn:aws:sns:eu-west-1:123456789012:gistcloud-stg-alarms";

describe("the alarm topic", () => {
    test("one per stage; e-mail only when the stack sets alarmEmail", () => {
        expect(stg.one(TOPIC).inputs.name).toBe("gistcloud-stg-alarms");
        expect(stg.ofType(SUBSCRIPTION)).toHaveLength(0);
        expect(stgWithEmail.one(SUBSCRIPTION).inputs).toMatchObject({ topic: topicArn, protocol: "email", endpoint: "oncall@example.com" });
    });

    test("a malformed address is refused", async () => {
        await expect(deploy("stg", config => { config["gistcloud:alarmEmail"] = "oncall"; })).rejects.toThrow(/alarmEmail/);
    });
});

describe("the alarms", () => {
    test("each one notifies the topic when it fires and when it clears, and is named for its stage", () => {
        const alarms = stg.ofType(ALARM);
        expect(alarms.map(a => a.inputs.name).sort()).toEqual([
            "api-5xx-rate", "api-errors", "api-throttles",
            "sync-dlq-messages", "sync-duration", "sync-errors", "sync-not-completing",
            "sync-requests-dlq-messages", "sync-run-failed", "sync-run-stopped-early", "sync-throttles",
        ].map(s => `gistcloud-stg-${s}`));
        for (const a of alarms) {
            expect(a.inputs.alarmActions, a.name).toEqual([topicArn]);
            expect(a.inputs.okActions, a.name).toEqual([topicArn]);
            expect(a.inputs.alarmDescription, a.name).toBeTruthy();
        }
    });

    test.each([
        ["sync-dlq-messages", "gistcloud-stg-sync-dlq"],
        ["sync-requests-dlq-messages", "gistcloud-stg-sync-requests-dlq"],
    ])("%s: any message waiting in %s", (suffix, queue) => {
        expect(alarm(stg, suffix)).toMatchObject({
            namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: queue },
            statistic: "Maximum", comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1,
        });
        // The queues these watch exist under those names.
        expect(stg.ofType("aws:sqs/queue:Queue").map(q => q.inputs.name)).toContain(queue);
    });

    test.each(["sync", "api"].flatMap(fn => [[fn, "Errors"], [fn, "Throttles"]]))("%s %s: any in five minutes", (fn, metric) => {
        expect(alarm(stg, `${fn}-${metric.toLowerCase()}`)).toMatchObject({
            namespace: "AWS/Lambda", metricName: metric, dimensions: { FunctionName: `gistcloud-stg-${fn}` },
            statistic: "Sum", threshold: 1, period: 300, comparisonOperator: "GreaterThanOrEqualToThreshold",
        });
    });

    test("sync duration: the longest invocation above 80 % of the function's timeout", () => {
        const timeoutMs = stg.one(FUNCTION, "sync").inputs.timeout * 1000;
        expect(alarm(stg, "sync-duration")).toMatchObject({
            namespace: "AWS/Lambda", metricName: "Duration", dimensions: { FunctionName: "gistcloud-stg-sync" },
            statistic: "Maximum", comparisonOperator: "GreaterThanThreshold", threshold: 0.8 * timeoutMs,
        });
    });

    test("API 5xx rate: a percentage of the stage's requests, from API Gateway's HTTP API metrics", () => {
        const inputs = alarm(stg, "api-5xx-rate");
        expect(inputs).toMatchObject({ threshold: api5xxAlarmPercent, comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 3, datapointsToAlarm: 2 });
        const queries: any[] = inputs.metricQueries;
        const rate = queries.find(q => q.returnData);
        expect(rate.expression).toMatch(/100 \* errors \/ requests/);
        const metric = (id: string) => queries.find(q => q.id === id).metric;
        // HTTP APIs publish 5xx and Count (REST APIs' 5XXError does not exist for them), per ApiId and Stage.
        expect(metric("errors")).toMatchObject({ namespace: "AWS/ApiGateway", metricName: "5xx", stat: "Sum", dimensions: { ApiId: "api-http-id", Stage: "$default" } });
        expect(metric("requests")).toMatchObject({ namespace: "AWS/ApiGateway", metricName: "Count", stat: "Sum", dimensions: { ApiId: "api-http-id", Stage: "$default" } });
        expect(stg.one("aws:apigatewayv2/stage:Stage").inputs.name).toBe("$default");
    });

    test("runs that failed or stopped early, from the figures the sync writes in embedded metric format", () => {
        const sync = stg.one(FUNCTION, "sync").inputs.environment.variables;
        expect(sync[manifest.settings.syncMetricsNamespace]).toBe(runMetricsNamespace);
        expect(sync[manifest.settings.syncMetricsStage]).toBe("stg");
        // Each stdout line reaches CloudWatch as written (no runtime prefix), in a Text-format log group, which EMF needs.
        expect(sync.AWS_LAMBDA_HANDLER_LOG_FORMAT).toBe("Unformatted");
        expect(stg.one(FUNCTION, "sync").inputs.loggingConfig.logFormat).toBe("Text");
        for (const [suffix, metric] of [["sync-run-failed", "RunsFailed"], ["sync-run-stopped-early", "RunsStoppedEarly"]]) {
            expect(alarm(stg, suffix)).toMatchObject({
                namespace: runMetricsNamespace, metricName: metric, dimensions: { Stage: "stg" },
                statistic: "Sum", comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, treatMissingData: "notBreaching",
            });
        }
    });

    test("no completed run for 7 hours (two schedules) alarms, and silence counts as breaching", () => {
        expect(alarm(stg, "sync-not-completing")).toMatchObject({
            namespace: runMetricsNamespace, metricName: "RunsCompleted", dimensions: { Stage: "stg" }, statistic: "Sum",
            comparisonOperator: "LessThanThreshold", threshold: 1, period: 3600, evaluationPeriods: 7, datapointsToAlarm: 7,
            treatMissingData: "breaching",
        });
    });
});

test("the dashboard graphs runs, gists, functions, the API and the queues, and shows every alarm", () => {
    const dashboard = stg.one("aws:cloudwatch/dashboard:Dashboard").inputs;
    expect(dashboard.dashboardName).toBe("gistcloud-stg");
    const widgets: any[] = JSON.parse(dashboard.dashboardBody).widgets;
    const titles = widgets.map(w => w.properties.title);
    expect(titles).toEqual(["Sync runs", "Gists", "Sync duration (ms)", "Function errors and throttles",
        "API requests and errors", "Dead-letter queues (messages waiting)", "Alarms"]);
    const metrics = widgets.filter(w => w.type === "metric").flatMap(w => w.properties.metrics).map((m: any[]) => m.slice(0, 2).join("/"));
    expect(metrics).toEqual(expect.arrayContaining([
        "GistCloud/RunsFailed", "GistCloud/RunsStoppedEarly", "GistCloud/RunsCompleted", "GistCloud/GistsStored",
        "AWS/Lambda/Duration", "AWS/Lambda/Errors", "AWS/Lambda/Throttles", "AWS/ApiGateway/5xx", "AWS/ApiGateway/Count",
        "AWS/SQS/ApproximateNumberOfMessagesVisible",
    ]));
    const alarmWidget = widgets.find(w => w.type === "alarm");
    expect(alarmWidget.properties.alarms).toHaveLength(stg.ofType(ALARM).length);
    for (const w of widgets) {
        expect(w.x + w.width).toBeLessThanOrEqual(24); // CloudWatch's grid is 24 wide
        if (w.type === "metric") expect(w.properties.region).toBe("eu-west-1");
    }
});
