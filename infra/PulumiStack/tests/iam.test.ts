import { beforeAll, describe, expect, test } from "vitest";
import { tableReadActions, tableWriteActions } from "../lambda";
import { manifest } from "../manifest";
import { asArray, deploy, Deployment, policyOf } from "./harness";

// Policies, read as policies: nothing on "*", and each function reaches only what the manifest gives it.

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const arn = (resource: string) => `arn:aws:${resource}`;
const tableArn = (stage: string, suffix: string) => arn(`dynamodb:eu-west-1:123456789012:table/gistcloud-${stage}-${suffix}`);

let dev: Deployment;
let prd: Deployment;
let devWithoutOptionalSecrets: Deployment;
beforeAll(async () => {
    dev = await deploy("dev");
    prd = await deploy("prd");
    devWithoutOptionalSecrets = await deploy("dev", config => {
        delete config["gistcloud:githubToken"];
        delete config["gistcloud:pipedriveApiToken"];
    });
});

const allPolicies = (d: Deployment) => [
    ...d.ofType(ROLE_POLICY),
    ...d.ofType("aws:s3/bucketPolicy:BucketPolicy"),
    ...d.ofType("aws:sqs/queuePolicy:QueuePolicy"),
].map(r => ({ name: r.name, statements: policyOf(r.inputs.policy).Statement }));

const statements = (d: Deployment, fn: string) => policyOf(d.one(ROLE_POLICY, `${fn}-access`).inputs.policy).Statement;
const statement = (d: Deployment, fn: string, sid: string) => statements(d, fn).find(s => s.Sid === sid);

/** Every DynamoDB action a function's role allows on a table (or its indexes), whichever statement grants it. */
const dynamoActionsOn = (d: Deployment, fn: string, suffix: string) => new Set(statements(d, fn)
    .filter(s => asArray<string>(s.Resource).some(r => r === tableArn("dev", suffix) || r.startsWith(`${tableArn("dev", suffix)}/`)))
    .flatMap(s => asArray<string>(s.Action))
    .filter(a => a.startsWith("dynamodb:")));

test("no statement allows an action on * or a wildcard action", () => {
    for (const d of [dev, prd]) {
        const policies = allPolicies(d);
        expect(policies.length).toBeGreaterThanOrEqual(4);
        for (const { name, statements } of policies) {
            for (const s of statements) {
                expect(s.Effect, name).toBe("Allow");
                for (const resource of asArray<string>(s.Resource)) expect(resource, `${name} ${s.Sid}`).not.toBe("*");
                for (const action of asArray<string>(s.Action)) expect(action, `${name} ${s.Sid}`).not.toContain("*");
                expect(s.Principal, name).not.toBe("*");
                expect(JSON.stringify(s.Principal ?? {}), name).not.toContain("\"*\"");
            }
        }
    }
});

test("the Lambdas' roles can be taken only by Lambda", () => {
    for (const role of dev.ofType("aws:iam/role:Role")) {
        const trust = policyOf(role.inputs.assumeRolePolicy);
        expect(trust.Statement.map(s => s.Principal)).toEqual([{ Service: "lambda.amazonaws.com" }]);
    }
});

describe.each([["sync", manifest.sync], ["api", manifest.api]] as const)("the %s function", (fn, spec) => {
    test("reads its tables and their indexes, and no other table", () => {
        const reads = statement(dev, fn, "TableReads");
        expect(reads.Action).toEqual(tableReadActions);
        expect([...reads.Resource].sort()).toEqual(
            Object.keys(spec.tables).flatMap(t => [tableArn("dev", t), `${tableArn("dev", t)}/index/*`]).sort());
    });

    test("writes only the tables the manifest gives it readWrite, and never an index", () => {
        const writable = Object.entries(spec.tables).filter(([, access]) => access === "readWrite").map(([t]) => t);
        expect(writable.length).toBeGreaterThan(0);
        const writes = statement(dev, fn, "TableWrites");
        expect(writes.Action).toEqual(tableWriteActions);
        expect([...writes.Resource].sort()).toEqual(writable.map(t => tableArn("dev", t)).sort());
    });

    test("no Scan and no table management", () => {
        const actions = statements(dev, fn).flatMap(s => asArray<string>(s.Action)).filter(a => a.startsWith("dynamodb:"));
        for (const forbidden of ["Scan", "DeleteTable", "CreateTable", "UpdateTable", "PartiQLUpdate", "PartiQLDelete"]) {
            expect(actions, fn).not.toContain(`dynamodb:${forbidden}`);
        }
    });

    test("reads only its own SSM parameters", () => {
        const expected = (secrets: readonly string[]) => secrets
            .map(s => arn(`ssm:eu-west-1:123456789012:parameter/gistcloud/dev/${s.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`))
            .sort();
        const secrets = statement(dev, fn, "Secrets");
        expect(secrets.Action).toEqual(["ssm:GetParameters"]);
        expect([...secrets.Resource].sort()).toEqual(expected(spec.secrets));
        // An unset optional secret has no parameter, so it is neither readable nor named in the environment.
        const without = statement(devWithoutOptionalSecrets, fn, "Secrets"); // none at all when nothing is left
        expect([...(without?.Resource ?? [])].sort()).toEqual(expected(spec.secrets.filter(s => s === "apiKey")));
    });

    test("writes only to its own log group", () => {
        expect(statement(dev, fn, "Logs").Resource).toEqual([
            arn(`logs:eu-west-1:123456789012:log-group:/aws/lambda/gistcloud-dev-${fn}:*`),
        ]);
    });
});

test("read access grants no write action, read-write every item write the stores make", () => {
    expect(tableReadActions.filter(a => tableWriteActions.includes(a))).toEqual([]);
    for (const write of ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "ConditionCheckItem"]) {
        expect(tableWriteActions).toContain(`dynamodb:${write}`);
    }
});

test("only the sync function writes sync runs (and the lease); the API only reads them", () => {
    expect(manifest.api.tables["sync-runs"]).toBe("read");
    expect(manifest.sync.tables["sync-runs"]).toBe("readWrite");
    const api = dynamoActionsOn(dev, "api", "sync-runs");
    expect([...api].sort()).toEqual([...tableReadActions].sort());
    for (const write of tableWriteActions) expect(api, write).not.toContain(write);
    const sync = dynamoActionsOn(dev, "sync", "sync-runs");
    for (const action of [...tableReadActions, ...tableWriteActions]) expect(sync, action).toContain(action);
});

test("the sync function cannot touch visits; only the API describes a table (for /health/ready)", () => {
    expect(dynamoActionsOn(dev, "sync", "visits").size).toBe(0);
    expect(JSON.stringify(statements(dev, "sync"))).not.toContain("visits");
    expect(statement(dev, "sync", "Readiness")).toBeUndefined();
    expect(statement(dev, "api", "Readiness")).toMatchObject({ Action: ["dynamodb:DescribeTable"], Resource: [tableArn("dev", "users")] });
});

test("only the sync function may send to the dead-letter queue", () => {
    expect(statement(dev, "sync", "DeadLetters").Resource).toEqual([arn("sqs:eu-west-1:123456789012:gistcloud-dev-sync-dlq")]);
    expect(statement(dev, "api", "DeadLetters")).toBeUndefined();
});

test("optional secrets left unset create no parameter", () => {
    expect(devWithoutOptionalSecrets.ofType("aws:ssm/parameter:Parameter").map(p => p.inputs.name)).toEqual(["/gistcloud/dev/api-key"]);
    for (const p of dev.ofType("aws:ssm/parameter:Parameter")) expect(p.inputs.type).toBe("SecureString");
});
