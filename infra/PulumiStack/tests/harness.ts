import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";
import { parse } from "yaml";

// Runs the real program (index.ts) against Pulumi's mocks, offline, with the config the engine would give it
// for a stage, and records every resource registration: its inputs and its resource options.

export const projectDir = path.resolve(__dirname, "..");
export const repoRoot = path.resolve(projectDir, "../..");
export const region = "eu-west-1";
const account = "123456789012";

export interface Registered {
    type: string;
    name: string;
    inputs: Record<string, any>;
    retainOnDelete: boolean;
    parent: string;
}

export interface Deployment {
    stage: string;
    resources: Registered[];
    outputs: Record<string, unknown>;
    ofType(type: string): Registered[];
    /** The one resource of that type (and name, if given); fails if there is not exactly one. */
    one(type: string, name?: string): Registered;
}

export const testSecrets = {
    apiKey: "test-api-key-0123456789",
    githubToken: "ghp_test0123456789",
    pipedriveApiToken: "pd-test-0123456789",
};

/** Pulumi.yaml's defaults, then Pulumi.<stage>.yaml, as "<namespace>:<key>" → string, like the engine merges them. */
export function stackConfig(stage: string): Record<string, string> {
    const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8"));
    const config: Record<string, string> = {};
    for (const [key, spec] of Object.entries<any>(project.config ?? {})) {
        const value = spec !== null && typeof spec === "object" ? spec.value ?? spec.default : spec;
        if (value !== undefined) config[key.includes(":") ? key : `${project.name}:${key}`] = configValue(value);
    }
    const stackFile = parse(fs.readFileSync(path.join(projectDir, `Pulumi.${stage}.yaml`), "utf8"));
    for (const [key, value] of Object.entries(stackFile.config ?? {})) config[key] = configValue(value);
    return config;
}

/** The engine hands structured values (aws:defaultTags) to the program as JSON, plain ones as strings. */
const configValue = (value: unknown) => typeof value === "object" ? JSON.stringify(value) : String(value);

/** Who "runs pulumi up" under the mocks: a CodeBuild session of the deployer role. */
export const deployerRoleArn = `arn:aws:iam::${account}:role/gistcloud-deployer`;
const deployerSessionArn = `arn:aws:sts::${account}:assumed-role/gistcloud-deployer/AWSCodeBuild-1234`;

/** Data sources (invokes) the program calls, answered as AWS would for the deployer's session. */
function invoke(token: string, inputs: Record<string, any>): Record<string, unknown> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: account, arn: deployerSessionArn, userId: "AROAEXAMPLE:AWSCodeBuild-1234", id: account };
        case "aws:iam/getSessionContext:getSessionContext":
            if (inputs.arn !== deployerSessionArn) throw new Error(`unexpected session ${inputs.arn}`);
            return { arn: inputs.arn, issuerArn: deployerRoleArn, issuerId: "AROAEXAMPLE", issuerName: "gistcloud-deployer", sessionName: "AWSCodeBuild-1234" };
        default: return {};
    }
}

/** A throwaway artifacts folder shaped like `make package` output (the zips are never opened under mocks). */
export function fakeArtifacts(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gistcloud-artifacts-"));
    const emptyZip = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
    fs.writeFileSync(path.join(dir, "sync.zip"), emptyZip);
    fs.writeFileSync(path.join(dir, "api.zip"), emptyZip);
    fs.mkdirSync(path.join(dir, "web", "assets"), { recursive: true });
    fs.writeFileSync(path.join(dir, "web", "index.html"), "<!doctype html><title>GistCloud</title>");
    fs.writeFileSync(path.join(dir, "web", "assets", "index-Bx7Qk2aZ.js"), "console.log(1)");
    fs.writeFileSync(path.join(dir, "web", "favicon.svg"), "<svg/>");
    fs.writeFileSync(path.join(dir, "web", "config.json"), "{\"apiBase\":\"http://localhost:5080/api\"}");
    return dir;
}

function computed(type: string, name: string, inputs: Record<string, any>, id: string): Record<string, unknown> {
    const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${account}:${resource}`;
    switch (type) {
        case "aws:dynamodb/table:Table": return { arn: arn("dynamodb", `table/${inputs.name}`) };
        case "aws:lambda/function:Function":
            return { arn: arn("lambda", `function:${inputs.name}`), invokeArn: `invoke/${inputs.name}` };
        case "aws:cloudwatch/logGroup:LogGroup": return { arn: arn("logs", `log-group:${inputs.name}`) };
        case "aws:ssm/parameter:Parameter": return { arn: arn("ssm", `parameter${inputs.name}`) };
        case "aws:sqs/queue:Queue":
            return { arn: arn("sqs", inputs.name), url: `https://sqs.${region}.amazonaws.com/${account}/${inputs.name}` };
        case "aws:cloudwatch/eventRule:EventRule": return { arn: arn("events", `rule/${inputs.name}`) };
        case "aws:iam/role:Role": return { arn: `arn:aws:iam::${account}:role/${inputs.name}` };
        case "aws:kms/key:Key": return { arn: arn("kms", `key/${id}`), keyId: id };
        case "aws:sns/topic:Topic": return { arn: arn("sns", inputs.name) };
        case "aws:cloudwatch/metricAlarm:MetricAlarm": return { arn: arn("cloudwatch", `alarm:${inputs.name}`) };
        case "aws:apigatewayv2/api:Api":
            return {
                apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
                executionArn: arn("execute-api", id),
            };
        case "aws:apigatewayv2/stage:Stage": return { invokeUrl: `https://api-id.execute-api.${region}.amazonaws.com/` };
        case "aws:s3/bucket:Bucket": {
            const bucket = `${inputs.bucketPrefix}0001`;
            return { bucket, arn: `arn:aws:s3:::${bucket}`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com` };
        }
        case "aws:cloudfront/distribution:Distribution":
            return { arn: `arn:aws:cloudfront::${account}:distribution/${id}`, domainName: "d1234abcd.cloudfront.net" };
        case "aws:cloudfront/function:Function": return { arn: `arn:aws:cloudfront::${account}:function/${inputs.name}` };
        default: return { arn: arn("mock", `${type}/${name}`) };
    }
}

/** Runs index.ts as stack `stage`; `configure` may change the config first (e.g. drop a secret). */
export async function deploy(
    stage: string,
    configure: (config: Record<string, string>) => void = () => {},
): Promise<Deployment> {
    const config: Record<string, string> = {
        ...stackConfig(stage),
        "gistcloud:artifactsDir": fakeArtifacts(),
    };
    for (const [key, value] of Object.entries(testSecrets)) config[`gistcloud:${key}`] = value;
    config["gistcloud:pipedriveBaseUrl"] = "https://example.pipedrive.com";
    configure(config);
    const secretKeys = Object.keys(testSecrets).map(k => `gistcloud:${k}`).filter(k => k in config);
    pulumi.runtime.setAllConfig(config, secretKeys);

    const resources: Registered[] = [];
    const options = new Map<string, { retainOnDelete: boolean; parent: string }>();
    await pulumi.runtime.setMocks({
        newResource(args) {
            const id = `${args.name}-id`;
            const opts = options.get(`${args.type}::${args.name}`) ?? { retainOnDelete: false, parent: "" };
            resources.push({ type: args.type, name: args.name, inputs: args.inputs, ...opts });
            return { id, state: { ...args.inputs, ...computed(args.type, args.name, args.inputs, id) } };
        },
        call: args => invoke(args.token, args.inputs),
    }, "gistcloud", stage, false);

    // Resource options (retainOnDelete, parent) are not in the mock's arguments: read them off the request itself.
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        options.set(`${req.getType()}::${req.getName()}`, { retainOnDelete: !!req.getRetainondelete(), parent: req.getParent() });
        return register(req, callback);
    };

    vi.resetModules();
    const program: Record<string, unknown> = await import("../index");
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(program)) outputs[key] = await resolved(value);
    await pulumi.runtime.disconnect(); // waits for every outstanding registration

    return {
        stage,
        resources,
        outputs,
        ofType: type => resources.filter(r => r.type === type),
        one(type, name) {
            const found = resources.filter(r => r.type === type && (name === undefined || r.name === name));
            if (found.length !== 1) throw new Error(`expected one ${type} ${name ?? ""}, found ${found.length}`);
            return found[0];
        },
    };
}

/** The plain value of an Output (or of anything else). */
export function resolved<T>(value: pulumi.Input<T> | unknown): Promise<unknown> {
    return new Promise(resolve => pulumi.output(value as pulumi.Input<T>).apply(v => { resolve(v); return v; }));
}

/** A policy input (JSON string or object) as an object with a Statement array. */
export function policyOf(input: unknown): { Statement: any[] } {
    const doc = typeof input === "string" ? JSON.parse(input) : input;
    return { ...(doc as object), Statement: [].concat((doc as any).Statement) } as { Statement: any[] };
}

export const asArray = <T>(value: T | T[] | undefined): T[] => value === undefined ? [] : Array.isArray(value) ? value : [value];
