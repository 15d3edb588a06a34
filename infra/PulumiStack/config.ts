import * as pulumi from "@pulumi/pulumi";
import { FunctionLimits, syncRequestMaxConcurrency } from "./limits";
import { manifest } from "./manifest";

export type SecretsKeyMode = "aws-managed" | "customer-managed";
export const secretsKeyModes: SecretsKeyMode[] = ["aws-managed", "customer-managed"];

export const signInModes = ["cognito", "off"] as const;
export const advancedSecurityModes = ["off", "audit", "enforced"] as const;
export const federationTypes = ["OIDC", "SAML"] as const;

/** An external identity provider the user pool trusts (stack config signInFederation). */
export interface FederationSettings {
    /** Cognito's provider name: shown on the hosted sign-in page and listed in the app client's providers. */
    name: string;
    type: (typeof federationTypes)[number];
    /** Cognito's ProviderDetails (OIDC: client_id, client_secret, oidc_issuer, authorize_scopes, attributes_request_method; SAML: MetadataURL or MetadataFile). */
    details: Record<string, string>;
    /** User pool attribute → the provider's claim or SAML attribute. */
    attributeMapping: Record<string, string>;
}

/** Team sign-in (Amazon Cognito), or none: the API then runs with sign-in off, as before. */
export type SignInSettings =
    | { mode: "off" }
    | {
        mode: "cognito";
        /** The hosted domain's prefix (<prefix>.auth.<region>.amazoncognito.com); unset = gistcloud-<stage>-<account id>. */
        domainPrefix?: string;
        federation?: FederationSettings;
        advancedSecurity: (typeof advancedSecurityModes)[number];
    };

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
    signIn: SignInSettings;
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
        signIn: readSignIn(config, stage),
    };
}

function readSignIn(config: pulumi.Config, stage: string): SignInSettings {
    const mode = config.require("signIn", { allowedValues: [...signInModes] });
    const federation = config.getObject<unknown>("signInFederation");
    const domainPrefix = config.get("signInDomainPrefix") || undefined;
    if (mode === "off") {
        // A leftover setting would look as if it did something.
        if (federation !== undefined || domainPrefix !== undefined) {
            throw new Error(`Stack ${stage} sets signIn: off but also signInFederation or signInDomainPrefix: remove them, or turn sign-in on.`);
        }
        return { mode };
    }
    if (domainPrefix !== undefined) checkDomainPrefix(domainPrefix);
    return {
        mode: "cognito",
        domainPrefix,
        federation: federation === undefined ? undefined : readFederation(federation),
        advancedSecurity: config.require("signInAdvancedSecurity", { allowedValues: [...advancedSecurityModes] }),
    };
}

/** Cognito's rules for a hosted domain prefix (it must also be free in the region: AWS refuses one already taken). */
export function checkDomainPrefix(prefix: string) {
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix)) {
        throw new Error(`signInDomainPrefix "${prefix}" must be 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.`);
    }
    const reserved = ["aws", "amazon", "cognito"].find(word => prefix.includes(word));
    if (reserved) {
        throw new Error(`signInDomainPrefix "${prefix}" contains "${reserved}", which Cognito reserves.`);
    }
}

const isStringMap = (value: unknown): value is Record<string, string> =>
    value !== null && typeof value === "object" && !Array.isArray(value) && Object.values(value).every(v => typeof v === "string");

/** The details Cognito requires of each provider type (CreateIdentityProvider's ProviderDetails). */
const requiredDetails: Record<FederationSettings["type"], string[][]> = {
    OIDC: [["client_id"], ["oidc_issuer"], ["authorize_scopes"], ["attributes_request_method"]],
    SAML: [["MetadataURL", "MetadataFile"]],
};

function readFederation(value: unknown): FederationSettings {
    const fail = (problem: string): never => {
        throw new Error(`signInFederation ${problem}. Expected { name, type: OIDC|SAML, details: {...}, attributeMapping: {...} } (README, "Sign-in (Cognito)").`);
    };
    if (value === null || typeof value !== "object" || Array.isArray(value)) fail("must be an object");
    const { name, type, details, attributeMapping, ...rest } = value as Record<string, unknown>;
    if (Object.keys(rest).length > 0) fail(`has unknown keys: ${Object.keys(rest).join(", ")}`);
    // Cognito's provider names: 3-32 characters, no spaces or underscores (an underscore separates it from the user's id).
    if (typeof name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9.-]{1,30}[A-Za-z0-9]$/.test(name)) {
        fail("name must be 3-32 letters, digits, dots and hyphens");
    }
    if (String(name).toUpperCase() === "COGNITO") fail("name COGNITO is Cognito's own");
    if (!federationTypes.includes(type as FederationSettings["type"])) fail(`type must be ${federationTypes.join(" or ")} (found ${JSON.stringify(type)})`);
    const providerType = type as FederationSettings["type"];
    if (!isStringMap(details)) fail("details must be an object of strings");
    for (const oneOf of requiredDetails[providerType]) {
        if (!oneOf.some(key => (details as Record<string, string>)[key])) fail(`details needs ${oneOf.join(" or ")} for ${providerType}`);
    }
    if (attributeMapping !== undefined && !isStringMap(attributeMapping)) fail("attributeMapping must be an object of strings");
    const mapping = (attributeMapping as Record<string, string> | undefined) ?? (providerType === "OIDC" ? { email: "email", name: "name" } : undefined);
    // Users sign in by e-mail: a federated user without one would have no address in the pool.
    if (!mapping?.email) fail(`attributeMapping needs email (the ${providerType === "SAML" ? "assertion attribute" : "claim"} holding the user's e-mail)`);
    return { name: name as string, type: providerType, details: details as Record<string, string>, attributeMapping: mapping! };
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
