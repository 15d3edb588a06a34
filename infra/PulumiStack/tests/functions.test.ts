import { beforeAll, describe, expect, test } from "vitest";
import { manifest, parameterVariable } from "../manifest";
import { deploy, Deployment, stackConfig, testSecrets } from "./harness";

const FUNCTION = "aws:lambda/function:Function";
const PERMISSION = "aws:lambda/permission:Permission";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

let dev: Deployment;
let prd: Deployment;
beforeAll(async () => {
    dev = await deploy("dev");
    prd = await deploy("prd");
});

const env = (d: Deployment, fn: string): Record<string, string> => d.one(FUNCTION, fn).inputs.environment.variables;

describe("both Lambdas", () => {
    test.each(["sync", "api"])("%s runs on the managed .NET 10 runtime on arm64", fn => {
        const inputs = dev.one(FUNCTION, fn).inputs;
        expect(inputs.runtime).toBe("dotnet10");
        expect(inputs.architectures).toEqual(["arm64"]);
        expect(inputs.code.__pulumiArchive).toBe(true);
    });

    test.each(["sync", "api"])("%s gets the stage's table prefix, never a table name or a secret", fn => {
        const variables = env(dev, fn);
        expect(variables[manifest.settings.tablePrefix]).toBe("gistcloud-dev-");
        expect(variables[manifest.settings.createTables]).toBe("false");
        const tableNames = dev.ofType("aws:dynamodb/table:Table").map(t => t.inputs.name);
        for (const value of Object.values(variables)) {
            expect(tableNames).not.toContain(value);
            expect(Object.values(testSecrets)).not.toContain(value);
        }
    });

    test.each([["sync", manifest.sync.secrets], ["api", manifest.api.secrets]] as const)(
        "%s reads exactly its secrets, by SSM parameter name", (fn, secrets) => {
            const variables = env(dev, fn);
            const named = Object.keys(variables).filter(k => k.endsWith(manifest.secretParameterSuffix));
            expect(named.sort()).toEqual(secrets.map(parameterVariable).sort());
            for (const secret of secrets) {
                expect(variables[parameterVariable(secret)]).toBe(`/gistcloud/dev/${secret.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`);
            }
        });

    test("their log groups keep logs as long as the stage says", () => {
        for (const stage of [dev, prd]) {
            const days = Number(stackConfig(stage.stage)["gistcloud:logRetentionDays"]);
            const groups = stage.ofType(LOG_GROUP);
            expect(groups.map(g => g.inputs.name).sort()).toEqual([
                `/aws/apigateway/gistcloud-${stage.stage}-api`,
                `/aws/lambda/gistcloud-${stage.stage}-api`,
                `/aws/lambda/gistcloud-${stage.stage}-sync`,
            ]);
            for (const group of groups) expect(group.inputs.retentionInDays, group.name).toBe(days);
            for (const fn of stage.ofType(FUNCTION)) {
                expect(fn.inputs.loggingConfig.logGroup).toBe(`/aws/lambda/${fn.inputs.name}`);
            }
        }
    });
});

describe("sync Lambda", () => {
    test("uses the manifest's Stream handler", () => {
        expect(dev.one(FUNCTION, "sync").inputs.handler).toBe(manifest.sync.handler);
        expect(manifest.sync.handler).toMatch(/^[\w.]+::[\w.]+::\w+$/);
    });

    test("has the lease duration and Lambda's longest timeout", () => {
        expect(env(dev, "sync")[manifest.settings.syncLeaseDuration]).toBe("00:02:00");
        expect(dev.one(FUNCTION, "sync").inputs.timeout).toBe(900);
    });

    test("is started every three hours by an EventBridge rule, with a permission for that rule only", () => {
        const rule = dev.one("aws:cloudwatch/eventRule:EventRule");
        expect(rule.inputs.scheduleExpression).toBe("rate(3 hours)");
        const target = dev.one("aws:cloudwatch/eventTarget:EventTarget");
        expect(target.inputs.rule).toBe(rule.inputs.name);
        expect(target.inputs.arn).toBe("arn:aws:lambda:eu-west-1:123456789012:function:gistcloud-dev-sync");
        const permission = dev.ofType(PERMISSION).find(p => p.inputs.principal === "events.amazonaws.com")!;
        expect(permission.inputs).toMatchObject({ action: "lambda:InvokeFunction", function: "gistcloud-dev-sync" });
        expect(permission.inputs.sourceArn).toBe("arn:aws:events:eu-west-1:123456789012:rule/gistcloud-dev-sync-schedule");
    });

    test("failed deliveries and failed runs are retried, then kept in a dead-letter queue", () => {
        const dlq = dev.one("aws:sqs/queue:Queue", "sync-dlq");
        const dlqArn = "arn:aws:sqs:eu-west-1:123456789012:gistcloud-dev-sync-dlq";
        expect(dlq.inputs.name).toBe("gistcloud-dev-sync-dlq");
        const target = dev.one("aws:cloudwatch/eventTarget:EventTarget").inputs;
        expect(target.retryPolicy.maximumRetryAttempts).toBeGreaterThan(0);
        expect(target.deadLetterConfig).toEqual({ arn: dlqArn });
        const invoke = dev.one("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").inputs;
        expect(invoke.functionName).toBe("gistcloud-dev-sync");
        expect(invoke.destinationConfig.onFailure.destination).toBe(dlqArn);
        const queuePolicy = JSON.parse(dev.one("aws:sqs/queuePolicy:QueuePolicy").inputs.policy);
        expect(queuePolicy.Statement).toEqual([expect.objectContaining({
            Principal: { Service: "events.amazonaws.com" },
            Resource: dlqArn,
            Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/gistcloud-dev-sync-schedule" } },
        })]);
    });
});

describe("API Lambda", () => {
    test("starts the app's own executable through the Lambda Web Adapter layer", () => {
        const inputs = dev.one(FUNCTION, "api").inputs;
        expect(inputs.handler).toBe(manifest.api.executable);
        expect(inputs.layers).toEqual(["arn:aws:lambda:eu-west-1:753240598075:layer:LambdaAdapterLayerArm64:27"]);
        const variables = env(dev, "api");
        expect(variables).toMatchObject({
            AWS_LAMBDA_EXEC_WRAPPER: "/opt/bootstrap",
            AWS_LWA_PORT: "8080",
            ASPNETCORE_HTTP_PORTS: "8080",
            AWS_LWA_READINESS_CHECK_PATH: "/health",
        });
    });

    test("takes the client address from the Web Adapter's X-Forwarded-For; the sync has no clients", () => {
        expect(env(dev, "api")[manifest.settings.trustForwardedFor]).toBe("true");
        expect(env(dev, "sync")[manifest.settings.trustForwardedFor]).toBeUndefined();
    });

    test("does not host the sync worker", () => {
        expect(env(dev, "api")[manifest.settings.syncInterval]).toBe("00:00:00");
        expect(env(dev, "sync")[manifest.settings.syncInterval]).toBeUndefined();
    });

    test("is behind an HTTP API: $default route, Lambda proxy integration", () => {
        const integration = dev.one("aws:apigatewayv2/integration:Integration");
        expect(integration.inputs).toMatchObject({
            integrationType: "AWS_PROXY",
            integrationUri: "arn:aws:lambda:eu-west-1:123456789012:function:gistcloud-dev-api",
            payloadFormatVersion: "2.0",
        });
        const route = dev.one("aws:apigatewayv2/route:Route");
        expect(route.inputs).toMatchObject({ routeKey: "$default", target: `integrations/${integration.name}-id` });
        const permission = dev.ofType(PERMISSION).find(p => p.inputs.principal === "apigateway.amazonaws.com")!;
        expect(permission.inputs.function).toBe("gistcloud-dev-api");
        expect(permission.inputs.sourceArn).toBe("arn:aws:execute-api:eu-west-1:123456789012:api-http-id/*");
    });

    test("its stage is throttled as the stage's config says and logs every request as JSON", () => {
        for (const d of [dev, prd]) {
            const config = stackConfig(d.stage);
            const stage = d.one("aws:apigatewayv2/stage:Stage").inputs;
            expect(stage.name).toBe("$default");
            expect(stage.defaultRouteSettings).toMatchObject({
                throttlingRateLimit: Number(config["gistcloud:apiThrottleRate"]),
                throttlingBurstLimit: Number(config["gistcloud:apiThrottleBurst"]),
            });
            expect(stage.defaultRouteSettings.throttlingRateLimit).toBeGreaterThan(0);
            expect(stage.accessLogSettings.destinationArn).toBe(
                `arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/gistcloud-${d.stage}-api`);
            const format = JSON.parse(stage.accessLogSettings.format);
            expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status" });
        }
        expect(stackConfig("prd")["gistcloud:apiThrottleRate"]).not.toBe(stackConfig("dev")["gistcloud:apiThrottleRate"]);
    });
});
