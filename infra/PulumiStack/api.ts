import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ParameterRef, TableRef } from "./data";
import { AppSettings, appEnvironment, dotnetFunction, SecretsKeyRef, TableGrant } from "./lambda";
import { apiIntegrationTimeoutMs, apiTimeoutSeconds } from "./limits";
import { manifest } from "./manifest";

/** The HTTP API itself: made before the site, whose /api/* origin is its host. */
export interface HttpApiArgs {
    namePrefix: string;
    logRetentionDays: number;
    throttle: { rateLimit: number; burstLimit: number };
}

/** The API's function behind the HTTP API: made after sign-in, whose app client id its environment carries. */
export interface ApiFunctionArgs {
    /** gistcloud-<stage>-api; its role (made earlier) is named after it. */
    functionName: string;
    region: string;
    gateway: HttpApi;
    app: AppSettings;
    /** artifacts/api.zip: the framework-dependent linux-arm64 publish of app/Api. */
    code: pulumi.asset.Archive;
    role: aws.iam.Role;
    memoryMb: number;
    logRetentionDays: number;
    tables: TableGrant[];
    /** The table /health/ready describes (StorageHealth). */
    healthTable: TableRef;
    parameters: ParameterRef[];
    secretsKey?: SecretsKeyRef;
    /** The sync worker's request queue: "Sync now" sends run requests there (Sync__QueueUrl). */
    syncRequestQueue: { url: pulumi.Input<string>; arn: pulumi.Input<string> };
    /** Auth__* settings when the stage has sign-in (SignIn.apiEnvironment); none = sign-in off. */
    auth?: Record<string, pulumi.Input<string>>;
}

/** AWS Lambda Web Adapter v1.0 for arm64 (docs/DESIGN.md "Why it is built this way": Lambda without Amazon.Lambda.* packages). */
export const webAdapterLayer = (region: string) => `arn:aws:lambda:${region}:753240598075:layer:LambdaAdapterLayerArm64:27`;
const kestrelPort = "8080";

/** An API Gateway HTTP API (`$default` stage, throttled, access logs); ApiFunction puts the API behind it. */
export class HttpApi extends pulumi.ComponentResource {
    readonly url: pulumi.Output<string>;
    /** execute-api host name, for CloudFront's /api/* origin. */
    readonly host: pulumi.Output<string>;
    /** For the API's metrics (AWS/ApiGateway, dimensions ApiId and Stage). */
    readonly apiId: pulumi.Output<string>;
    readonly stageName: pulumi.Output<string>;
    readonly executionArn: pulumi.Output<string>;

    constructor(name: string, args: HttpApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gistcloud:aws:HttpApi", name, {}, opts);

        const api = new aws.apigatewayv2.Api(`${name}-http`, {
            name: `${args.namePrefix}-api`,
            protocolType: "HTTP",
        }, { parent: this });

        const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
            name: `/aws/apigateway/${args.namePrefix}-api`,
            retentionInDays: args.logRetentionDays,
        }, { parent: this });

        const stage = new aws.apigatewayv2.Stage(`${name}-stage`, {
            apiId: api.id,
            name: "$default",
            autoDeploy: true,
            // A ceiling on what a runaway client (or a bill) can do; API Gateway answers 429 above it.
            defaultRouteSettings: {
                throttlingRateLimit: args.throttle.rateLimit,
                throttlingBurstLimit: args.throttle.burstLimit,
            },
            accessLogSettings: {
                destinationArn: accessLogs.arn,
                // No headers: X-Api-Key never reaches a log.
                format: JSON.stringify({
                    requestId: "$context.requestId",
                    time: "$context.requestTime",
                    ip: "$context.identity.sourceIp",
                    method: "$context.httpMethod",
                    path: "$context.path",
                    status: "$context.status",
                    responseLength: "$context.responseLength",
                    latencyMs: "$context.responseLatency",
                    integrationLatencyMs: "$context.integrationLatency",
                    integrationError: "$context.integrationErrorMessage",
                    userAgent: "$context.identity.userAgent",
                }),
            },
        }, { parent: this });

        this.url = stage.invokeUrl;
        this.apiId = api.id;
        this.stageName = stage.name;
        this.executionArn = api.executionArn;
        this.host = api.apiEndpoint.apply(endpoint => new URL(endpoint).host);
        this.registerOutputs({ url: this.url, host: this.host });
    }
}

/** The ASP.NET Core API in a Lambda (through the Web Adapter), the HTTP API's only route. */
export class ApiFunction extends pulumi.ComponentResource {
    readonly functionName: pulumi.Output<string>;

    constructor(name: string, args: ApiFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gistcloud:aws:ApiFunction", name, {}, opts);

        const { fn } = dotnetFunction(name, {
            functionName: args.functionName,
            role: args.role,
            description: "GistCloud HTTP API (ASP.NET Core through the Lambda Web Adapter)",
            code: args.code,
            // The adapter's /opt/bootstrap runs ${LAMBDA_TASK_ROOT}/${_HANDLER}: the app's own executable.
            handler: manifest.api.executable,
            memoryMb: args.memoryMb,
            timeoutSeconds: apiTimeoutSeconds,
            logRetentionDays: args.logRetentionDays,
            layers: [webAdapterLayer(args.region)],
            environment: {
                AWS_LAMBDA_EXEC_WRAPPER: "/opt/bootstrap",
                AWS_LWA_PORT: kestrelPort,
                AWS_LWA_READINESS_CHECK_PATH: manifest.api.healthPath,
                AWS_LWA_INVOKE_MODE: "buffered", // HTTP API integrations do not stream
                ASPNETCORE_HTTP_PORTS: kestrelPort,
                ...appEnvironment(args.app, args.parameters),
                // The sync Lambda runs the schedule; the API must not host a second worker.
                [manifest.settings.syncInterval]: "00:00:00",
                // The adapter proxies every request from 127.0.0.1: the client is the X-Forwarded-For it adds (rate limits).
                [manifest.settings.trustForwardedFor]: "true",
                // ...so "Sync now" asks the sync worker through its queue.
                [manifest.settings.syncQueueUrl]: args.syncRequestQueue.url,
                ...args.auth,
            },
            tables: args.tables,
            parameters: args.parameters,
            secretsKey: args.secretsKey,
            extraStatements: [{
                Sid: "Readiness",
                Effect: "Allow",
                Action: ["dynamodb:DescribeTable"],
                Resource: [args.healthTable.arn],
            }, {
                Sid: "SyncRequests",
                Effect: "Allow",
                Action: ["sqs:SendMessage"],
                Resource: [args.syncRequestQueue.arn],
            }],
        }, this);

        const integration = new aws.apigatewayv2.Integration(`${name}-lambda`, {
            apiId: args.gateway.apiId,
            integrationType: "AWS_PROXY",
            integrationUri: fn.arn,
            integrationMethod: "POST",
            payloadFormatVersion: "2.0",
            timeoutMilliseconds: apiIntegrationTimeoutMs,
        }, { parent: this });

        new aws.apigatewayv2.Route(`${name}-default`, {
            apiId: args.gateway.apiId,
            routeKey: "$default",
            target: pulumi.interpolate`integrations/${integration.id}`,
        }, { parent: this });

        new aws.lambda.Permission(`${name}-invoke`, {
            action: "lambda:InvokeFunction",
            function: fn.name,
            principal: "apigateway.amazonaws.com",
            sourceArn: pulumi.interpolate`${args.gateway.executionArn}/*`,
        }, { parent: this });

        this.functionName = fn.name;
        this.registerOutputs({ functionName: this.functionName });
    }
}
