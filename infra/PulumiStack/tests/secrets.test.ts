import { beforeAll, describe, expect, test } from "vitest";
import { asArray, deploy, deployerRoleArn, Deployment, policyOf } from "./harness";

// Issue 11: prd's tokens are fenced in by a key of their own; other stages keep the free aws/ssm key.

const KEY = "aws:kms/key:Key";
const PARAMETER = "aws:ssm/parameter:Parameter";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const role = (stage: string, fn: string) => `arn:aws:iam::123456789012:role/gistcloud-${stage}-${fn}-role`;

let prd: Deployment;
let stg: Deployment;
let stgWithKey: Deployment;
beforeAll(async () => {
    prd = await deploy("prd");
    stg = await deploy("stg");
    stgWithKey = await deploy("stg", config => {
        config["gistcloud:secretsKey"] = "customer-managed";
        config["gistcloud:deployerArn"] = "arn:aws:iam::123456789012:role/platform-admin";
    });
});

const keyPolicy = (d: Deployment) => policyOf(d.one(KEY).inputs.policy).Statement;
const secretsStatement = (d: Deployment, fn: string) =>
    policyOf(d.one(ROLE_POLICY, `${fn}-access`).inputs.policy).Statement.find(s => s.Sid === "SecretsKey");

describe("prd's customer-managed key", () => {
    test("rotates yearly and has an alias named for the stage", () => {
        expect(prd.one(KEY).inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
        expect(prd.one("aws:kms/alias:Alias").inputs).toMatchObject({ name: "alias/gistcloud-prd-secrets", targetKeyId: "secrets-key-id" });
    });

    test("its policy admits only the two function roles (decrypt, through SSM) and the deployer: no account root", () => {
        const statements = keyPolicy(prd);
        const principals = statements.flatMap(s => asArray<string>(s.Principal.AWS)).sort();
        expect(principals).toEqual([deployerRoleArn, role("prd", "api"), role("prd", "sync")].sort());
        expect(principals.some(p => p.endsWith(":root"))).toBe(false);

        const readers = statements.find(s => s.Sid === "FunctionsDecryptThroughSsm")!;
        expect(readers.Action).toBe("kms:Decrypt");
        expect(asArray(readers.Principal.AWS).sort()).toEqual([role("prd", "api"), role("prd", "sync")]);
        expect(readers.Condition).toEqual({ StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } });
        // The deployer, from its CodeBuild session: an sts assumed-role ARN is no valid key principal, its role is.
        expect(statements.find(s => s.Sid === "DeployerAdministers")!.Principal.AWS).toBe(deployerRoleArn);
    });

    test("every parameter is encrypted with it", () => {
        const parameters = prd.ofType(PARAMETER);
        expect(parameters.length).toBe(3);
        for (const p of parameters) expect(p.inputs.keyId, p.name).toBe("arn:aws:kms:eu-west-1:123456789012:key/secrets-key-id");
    });

    test.each(["sync", "api"])("the %s function may decrypt with that key alone, and only through SSM", fn => {
        const statement = secretsStatement(prd, fn)!;
        expect(asArray(statement.Action)).toEqual(["kms:Decrypt"]);
        expect(asArray(statement.Resource)).toEqual(["arn:aws:kms:eu-west-1:123456789012:key/secrets-key-id"]);
        expect(statement.Condition).toEqual({ StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } });
        const kmsAnywhere = policyOf(prd.one(ROLE_POLICY, `${fn}-access`).inputs.policy).Statement
            .filter(s => asArray<string>(s.Action).some(a => a.startsWith("kms:")));
        expect(kmsAnywhere).toHaveLength(1);
    });
});

test("a stage may choose the key and name its deployer in config", () => {
    expect(keyPolicy(stgWithKey).find(s => s.Sid === "DeployerAdministers")!.Principal.AWS).toBe("arn:aws:iam::123456789012:role/platform-admin");
    expect(secretsStatement(stgWithKey, "sync")).toBeDefined();
});

test("dev and stg keep the account's aws/ssm key: no key, no kms grant", async () => {
    const dev = await deploy("dev");
    for (const d of [dev, stg]) {
        expect(d.ofType(KEY)).toHaveLength(0);
        for (const p of d.ofType(PARAMETER)) expect(p.inputs.keyId).toBeUndefined();
        for (const fn of ["sync", "api"]) expect(secretsStatement(d, fn)).toBeUndefined();
    }
});

test("an unknown key mode is refused", async () => {
    await expect(deploy("stg", config => { config["gistcloud:secretsKey"] = "kms"; })).rejects.toThrow(/secretsKey/);
});
