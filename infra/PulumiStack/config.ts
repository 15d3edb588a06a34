import * as pulumi from "@pulumi/pulumi";
import { manifest } from "./manifest";

/** One stage's settings, read once. Keys, defaults and meaning: Pulumi.yaml; per-stage values: Pulumi.<stage>.yaml. */
export interface StageConfig {
    stage: string;
    region: string;
    /** gistcloud-<stage>: every resource name starts with it, so stages in one account never collide. */
    namePrefix: string;
    tablePrefix: string;
    /** /gistcloud/<stage>/: the SSM path of the stage's secrets. */
    parameterPath: string;
    artifactsDir: string;
    protectData: boolean;
    logRetentionDays: number;
    lambdaMemoryMb: number;
    apiThrottle: { rateLimit: number; burstLimit: number };
    githubBaseUrl?: string;
    pipedriveBaseUrl?: string;
    pipedriveMode: string;
    /** Secret name (manifest.secrets) → value, for the secrets this stage sets. */
    secrets: Record<string, pulumi.Output<string>>;
}

export function readConfig(): StageConfig {
    const config = new pulumi.Config();
    const stage = pulumi.getStack();
    const namePrefix = `gistcloud-${stage}`;

    // Presence only: a secret's value stays inside an Output and never reaches the program as plain text.
    const setKeys = new Set(Object.keys(pulumi.runtime.allConfig()));
    const secrets: Record<string, pulumi.Output<string>> = {};
    for (const name of Object.keys(manifest.secrets)) {
        if (setKeys.has(`${config.name}:${name}`)) {
            secrets[name] = config.requireSecret(name);
        }
    }
    if (!secrets.apiKey) {
        // Without a key the API's write calls are open to anyone who finds the URL.
        throw new Error(`Stack ${stage} has no API key: pulumi config set --secret apiKey "$(openssl rand -hex 24)"`);
    }

    const pipedriveBaseUrl = config.get("pipedriveBaseUrl") || undefined;
    if (secrets.pipedriveApiToken && !pipedriveBaseUrl) {
        throw new Error(`Stack ${stage} sets pipedriveApiToken but not pipedriveBaseUrl (https://<company>.pipedrive.com).`);
    }

    return {
        stage,
        region: new pulumi.Config("aws").require("region"),
        namePrefix,
        tablePrefix: `${namePrefix}-`,
        parameterPath: `/gistcloud/${stage}/`,
        artifactsDir: config.require("artifactsDir"),
        protectData: config.requireBoolean("protectData"),
        logRetentionDays: config.requireNumber("logRetentionDays"),
        lambdaMemoryMb: config.requireNumber("lambdaMemoryMb", { min: 128, max: 10240 }),
        apiThrottle: {
            rateLimit: config.requireNumber("apiThrottleRate", { min: 1 }),
            burstLimit: config.requireNumber("apiThrottleBurst", { min: 1 }),
        },
        githubBaseUrl: config.get("githubBaseUrl") || undefined,
        pipedriveBaseUrl,
        pipedriveMode: config.require("pipedriveMode", { allowedValues: ["activity", "deal"] }),
        secrets,
    };
}
