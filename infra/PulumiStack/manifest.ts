import manifestJson from "../manifest.json";

// infra/manifest.json holds every name the C# app and this program share; the C# ManifestTests check it against
// GistCloudTables, SyncFunction.Handler and the options classes, so neither side types those names by hand.

export interface KeyField { name: string; type: string }
export interface IndexSpec { name: string; hashKey: KeyField; rangeKey: KeyField }
export interface TableSpec {
    nameSuffix: string;
    hashKey: KeyField;
    rangeKey: KeyField | null;
    localIndexes: IndexSpec[];
    globalIndexes: IndexSpec[];
    timeToLiveAttribute: string | null;
}

/** read: GetItem, BatchGetItem, Query; readWrite: also the item writes (lambda.ts tableReadActions/tableWriteActions). */
export type TableAccess = "read" | "readWrite";
export const tableAccesses: readonly TableAccess[] = ["read", "readWrite"];

/** What one Lambda may touch: table suffix → access, and secret names (keys of `secrets`). */
export interface FunctionSpec { tables: Record<string, TableAccess>; secrets: string[] }

export interface Manifest {
    tables: TableSpec[];
    billingMode: string;
    indexProjection: string;
    settings: {
        tablePrefix: string;
        createTables: string;
        githubBaseUrl: string;
        pipedriveBaseUrl: string;
        pipedriveMode: string;
        syncInterval: string;
        syncLeaseDuration: string;
        trustForwardedFor: string;
        syncQueueUrl: string;
        syncMaxRunDuration: string;
        syncMetricsNamespace: string;
        syncMetricsStage: string;
        authAuthority: string;
        authAudience: string;
        authClientId: string;
        authRolesClaim: string;
        authAdminRole: string;
        authSignOutUrl: string;
    };
    /** Secret name → the app setting it fills (e.g. apiKey → Api__Key). */
    secrets: Record<string, string>;
    /** The app reads setting S from the SSM parameter named by env var S + this suffix (SsmSecrets.Suffix). */
    secretParameterSuffix: string;
    sync: FunctionSpec & { handler: string };
    api: FunctionSpec & { executable: string; healthPath: string };
}

/** JSON gives the access levels as plain strings: check each one (a typo must not pass for some access). */
function tableAccess(fn: string, tables: Record<string, string>): Record<string, TableAccess> {
    for (const [table, access] of Object.entries(tables)) {
        if (!(tableAccesses as readonly string[]).includes(access)) {
            throw new Error(`infra/manifest.json: ${fn}.tables gives "${table}" access "${access}", not one of ${tableAccesses.join(", ")}.`);
        }
    }
    return tables as Record<string, TableAccess>;
}

export const manifest: Manifest = {
    ...manifestJson,
    sync: { ...manifestJson.sync, tables: tableAccess("sync", manifestJson.sync.tables) },
    api: { ...manifestJson.api, tables: tableAccess("api", manifestJson.api.tables) },
};

// A typo in a function's table or secret list would silently drop a permission: fail at load instead.
for (const [fn, spec] of [["sync", manifest.sync], ["api", manifest.api]] as const) {
    for (const table of Object.keys(spec.tables)) {
        if (!manifest.tables.some(t => t.nameSuffix === table)) {
            throw new Error(`infra/manifest.json: ${fn}.tables names "${table}", which is not a table.`);
        }
    }
    for (const secret of spec.secrets) {
        if (!(secret in manifest.secrets)) {
            throw new Error(`infra/manifest.json: ${fn}.secrets names "${secret}", which is not a secret.`);
        }
    }
}

/** The env var that carries the SSM parameter name of a secret setting, e.g. GitHub__TokenParameter. */
export function parameterVariable(secret: string): string {
    return manifest.secrets[secret] + manifest.secretParameterSuffix;
}
