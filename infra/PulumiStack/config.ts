import * as pulumi from "@pulumi/pulumi";
import { FunctionLimits, syncRequestMaxConcurrency } from "./limits";
import { manifest } from "./manifest";

export type SecretsKeyMode = "aws-managed" | "customer-managed";
export const secretsKeyModes: SecretsKeyMode[] = ["aws-managed", "customer-managed"];

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
    /** Memory, timeouts, concurrency and retries: every limit the functions run under (limits.ts derives the rest). */
    limits: FunctionLimits;
    /** Customer-managed KMS key for the SSM secrets (prd), or the account's aws/ssm key. */
    secretsKey: SecretsKeyMode;
    /** Administers the customer-managed key: deployerArn config, else whoever runs `pulumi up`. */
    deployerArn?: string;
    /** Alarm notifications also go to this address (SNS e-mail subscription, confirmed by a click). */
    alarmEmail?: string;
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

    checkDefaultTags(stage);

    return {
        stage,
        region: new pulumi.Config("aws").require("region"),
        namePrefix,
        tablePrefix: `${namePrefix}-`,
        parameterPath: `/gistcloud/${stage}/`,
        artifactsDir: config.require("artifactsDir"),
        protectData: config.requireBoolean("protectData"),
        logRetentionDays: config.requireNumber("logRetentionDays"),
        limits: readLimits(config),
        secretsKey: config.require("secretsKey", { allowedValues: secretsKeyModes }) as SecretsKeyMode,
        deployerArn: config.get("deployerArn") || undefined,
        alarmEmail: config.get("alarmEmail", { pattern: /^$|^[^@\s]+@[^@\s]+\.[^@\s]+$/ }) || undefined,
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

function readLimits(config: pulumi.Config): FunctionLimits {
    const syncReservedConcurrency = config.requireNumber("syncReservedConcurrency", { min: 0, max: 1000 });
    if (syncReservedConcurrency > 0 && syncReservedConcurrency < syncRequestMaxConcurrency) {
        // The request queue's event source mapping runs up to that many at once: fewer reserved would throttle it.
        throw new Error(`syncReservedConcurrency is ${syncReservedConcurrency}: use 0 (no reservation) or at least ${syncRequestMaxConcurrency}.`);
    }
    return {
        syncMemoryMb: config.requireNumber("syncMemoryMb", { min: 128, max: 10240 }),
        apiMemoryMb: config.requireNumber("apiMemoryMb", { min: 128, max: 10240 }),
        syncTimeoutSeconds: config.requireNumber("syncTimeoutSeconds", { min: 120, max: 900 }),
        syncReservedConcurrency,
        syncRunRetries: config.requireNumber("syncRunRetries", { min: 0, max: 2 }),
        syncScheduleRetries: config.requireNumber("syncScheduleRetries", { min: 0, max: 185 }),
        syncRequestMaxReceives: config.requireNumber("syncRequestMaxReceives", { min: 1, max: 1000 }),
    };
}

/** Every resource carries its stage (aws:defaultTags in Pulumi.<stage>.yaml): a stack file copied without it is refused. */
function checkDefaultTags(stage: string) {
    const tags = new pulumi.Config("aws").getObject<{ tags?: Record<string, string> }>("defaultTags")?.tags ?? {};
    if (tags.app !== "gistcloud" || tags.stage !== stage) {
        throw new Error(`Pulumi.${stage}.yaml must set aws:defaultTags: { tags: { app: gistcloud, stage: ${stage} } } (found ${JSON.stringify(tags)}).`);
    }
}
