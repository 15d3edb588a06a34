import { beforeAll, describe, expect, test } from "vitest";
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

const statement = (d: Deployment, fn: string, sid: string) =>
    policyOf(d.one(ROLE_POLICY, `${fn}-access`).inputs.policy).Statement.find(s => s.Sid === sid);

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
    test("reaches its tables and their indexes, and no other table", () => {
        const tables = statement(dev, fn, "Tables");
        expect([...tables.Resource].sort()).toEqual(
            spec.tables.flatMap(t => [tableArn("dev", t), `${tableArn("dev", t)}/index/*`]).sort());
        expect(tables.Action.every((a: string) => a.startsWith("dynamodb:"))).toBe(true);
        expect(tables.Action).not.toContain("dynamodb:Scan");
        expect(tables.Action).not.toContain("dynamodb:DeleteTable");
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

test("the sync function cannot touch visits; only the API describes a table (for /health/ready)", () => {
    expect(statement(dev, "sync", "Tables").Resource.join()).not.toContain("visits");
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
