import * as pulumi from "@pulumi/pulumi";
import { HttpApi } from "./api";
import { findArtifacts } from "./artifacts";
import { readConfig } from "./config";
import { DataStore } from "./data";
import { TableGrant } from "./lambda";
import { manifest, TableAccess } from "./manifest";
import { Site } from "./site";
import { SyncWorker } from "./sync";

// GistCloud on AWS, one stage per stack (dev, stg, prd). See README "Deploy (AWS)".
const config = readConfig();
const artifacts = findArtifacts(config.artifactsDir);

const data = new DataStore("data", {
    tablePrefix: config.tablePrefix,
    parameterPath: config.parameterPath,
    protectData: config.protectData,
    secrets: config.secrets,
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
    app,
    code: new pulumi.asset.FileArchive(artifacts.syncZip),
    memoryMb: config.lambdaMemoryMb,
    logRetentionDays: config.logRetentionDays,
    tables: tablesOf(manifest.sync.tables),
    parameters: parametersOf(manifest.sync.secrets),
});

const api = new HttpApi("api", {
    namePrefix: config.namePrefix,
    region: config.region,
    app,
    code: new pulumi.asset.FileArchive(artifacts.apiZip),
    memoryMb: config.lambdaMemoryMb,
    logRetentionDays: config.logRetentionDays,
    throttle: config.apiThrottle,
    tables: tablesOf(manifest.api.tables),
    healthTable: data.tables.users,
    parameters: parametersOf(manifest.api.secrets),
    syncRequestQueue: { url: sync.requestQueueUrl, arn: sync.requestQueueArn },
});

const site = new Site("site", {
    namePrefix: config.namePrefix,
    webDir: artifacts.webDir,
    apiHost: api.host,
    clientConfig: { apiBase: "/api" }, // web/src/config.ts reads apiBase
    forceDestroy: !config.protectData,
});

export const siteUrl = site.url;
export const apiUrl = api.url;
export const tableNames = Object.fromEntries(Object.entries(data.tables).map(([suffix, t]) => [suffix, t.name]));
export const syncFunctionName = sync.functionName;
export const apiFunctionName = api.functionName;
export const syncDeadLetterQueueUrl = sync.deadLetterQueueUrl;
export const syncRequestQueueUrl = sync.requestQueueUrl;
export const siteBucket = site.bucketName;
export const distributionId = site.distributionId;
