import * as pulumi from "@pulumi/pulumi";
import { ApiFunction, HttpApi } from "./api";
import { findArtifacts } from "./artifacts";
import { readConfig } from "./config";
import { DataStore } from "./data";
import { functionRole, TableGrant } from "./lambda";
import { syncTimings } from "./limits";
import { manifest, TableAccess } from "./manifest";
import { Monitoring, runMetricsNamespace } from "./monitoring";
import { deployerPrincipal, SecretsKey } from "./secrets";
import { hostedDomainOrigin, hostedDomainPrefix, issuerOrigin, SignIn } from "./signin";
import { Site } from "./site";
import { SyncWorker } from "./sync";

// GistCloud on AWS, one stage per stack (dev, stg, prd). See README "Deploying to AWS".
const config = readConfig();
const artifacts = findArtifacts(config.artifactsDir);

// The roles come first: a customer-managed secrets key names them in its policy, and KMS refuses unknown principals.
const syncName = `${config.namePrefix}-sync`;
const apiName = `${config.namePrefix}-api`;
const syncRole = functionRole("sync", syncName);
const apiRole = functionRole("api", apiName);

const secretsKey = config.secretsKey === "customer-managed"
    ? new SecretsKey("secrets-key", {
        namePrefix: config.namePrefix,
        region: config.region,
        readers: [syncRole.arn, apiRole.arn],
        deployerArn: deployerPrincipal(config.deployerArn),
    })
    : undefined;

const data = new DataStore("data", {
    tablePrefix: config.tablePrefix,
    parameterPath: config.parameterPath,
    protectData: config.protectData,
    secrets: config.secrets,
    secretsKeyArn: secretsKey?.arn,
});

// Each function gets only the tables (with the access) and secrets the manifest lists for it.
const tablesOf = (tables: Record<string, TableAccess>): TableGrant[] =>
    Object.entries(tables).map(([suffix, access]) => ({ table: data.tables[suffix], access }));
const parametersOf = (secrets: string[]) => secrets.filter(s => s in data.parameters).map(s => data.parameters[s]);
const app = {
    tablePrefix: config.tablePrefix,
    githubBaseUrl: config.githubBaseUrl,
    pipedriveBaseUrl: config.pipedriveBaseUrl,
    pipedriveMode: config.pipedriveMode,
};

const sync = new SyncWorker("sync", {
    namePrefix: config.namePrefix,
    functionName: syncName,
    app,
    code: new pulumi.asset.FileArchive(artifacts.syncZip),
    role: syncRole,
    limits: config.limits,
    logRetentionDays: config.logRetentionDays,
    tables: tablesOf(manifest.sync.tables),
    parameters: parametersOf(manifest.sync.secrets),
    secretsKey: secretsKey?.ref,
    metrics: { namespace: runMetricsNamespace, stage: config.stage },
});

// Sign-in makes a cycle that the order below breaks: the app client's callback URLs are on CloudFront's domain,
// CloudFront's /api/* origin is the HTTP API, and the API's function is configured with the client's id. So: the
// HTTP API, then the site, then sign-in, then the function behind the HTTP API and the SPA's config.json.
const api = new HttpApi("api", {
    namePrefix: config.namePrefix,
    logRetentionDays: config.logRetentionDays,
    throttle: config.apiThrottle,
});

const cognito = config.signIn.mode === "cognito"
    ? { settings: config.signIn, domainPrefix: hostedDomainPrefix(config.namePrefix, config.signIn.domainPrefix) }
    : undefined;
const apiBase = "/api"; // same origin: CloudFront routes /api/* to the HTTP API
const site = new Site("site", {
    namePrefix: config.namePrefix,
    webDir: artifacts.webDir,
    apiHost: api.host,
    apiBase,
    // The SPA fetches the issuer's discovery document and keys, and the hosted domain's token endpoint.
    authOrigins: cognito
        ? [issuerOrigin(config.region), cognito.domainPrefix.apply(prefix => hostedDomainOrigin(prefix, config.region))]
        : [],
    forceDestroy: !config.protectData,
});

const signIn = cognito
    ? new SignIn("signin", {
        namePrefix: config.namePrefix,
        region: config.region,
        settings: cognito.settings,
        domainPrefix: cognito.domainPrefix,
        siteUrl: site.url,
        protect: config.protectData,
    })
    : undefined;

const apiFunction = new ApiFunction("api", {
    functionName: apiName,
    region: config.region,
    gateway: api,
    app,
    code: new pulumi.asset.FileArchive(artifacts.apiZip),
    role: apiRole,
    memoryMb: config.limits.apiMemoryMb,
    logRetentionDays: config.logRetentionDays,
    tables: tablesOf(manifest.api.tables),
    healthTable: data.tables.users,
    parameters: parametersOf(manifest.api.secrets),
    secretsKey: secretsKey?.ref,
    syncRequestQueue: { url: sync.requestQueueUrl, arn: sync.requestQueueArn },
    auth: signIn?.apiEnvironment(),
});

site.publishClientConfig({ apiBase, auth: signIn?.clientConfig() }); // web/src/config.ts reads it

const monitoring = new Monitoring("monitoring", {
    namePrefix: config.namePrefix,
    stage: config.stage,
    region: config.region,
    alarmEmail: config.alarmEmail,
    syncFunctionName: sync.functionName,
    apiFunctionName: apiFunction.functionName,
    deadLetterQueueNames: [sync.deadLetterQueueName, sync.requestDeadLetterQueueName],
    syncDurationAlarmMs: syncTimings(config.limits.syncTimeoutSeconds).durationAlarmThresholdMs,
    api: { id: api.apiId, stage: api.stageName },
});

export const siteUrl = site.url;
export const apiUrl = api.url;
export const tableNames = Object.fromEntries(Object.entries(data.tables).map(([suffix, t]) => [suffix, t.name]));
export const syncFunctionName = sync.functionName;
export const apiFunctionName = apiFunction.functionName;
export const syncDeadLetterQueueUrl = sync.deadLetterQueueUrl;
export const syncRequestQueueUrl = sync.requestQueueUrl;
export const siteBucket = site.bucketName;
export const distributionId = site.distributionId;
export const alarmTopicArn = monitoring.topicArn;
export const dashboardName = monitoring.dashboardName;
export const secretsKeyArn = secretsKey?.arn;
export const userPoolId = signIn?.userPoolId;
export const signInClientId = signIn?.clientId;
