import { beforeAll, describe, expect, test } from "vitest";
import { KeyField, manifest } from "../manifest";
import { deploy, Deployment } from "./harness";

const TABLE = "aws:dynamodb/table:Table";
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

let dev: Deployment;
let stg: Deployment;
let prd: Deployment;
beforeAll(async () => {
    dev = await deploy("dev");
    stg = await deploy("stg");
    prd = await deploy("prd");
});

describe.each(manifest.tables.map(spec => [spec.nameSuffix, spec] as const))("table %s", (suffix, spec) => {
    test("is named for the stage", () => {
        expect(dev.one(TABLE, suffix).inputs.name).toBe(`gistcloud-dev-${suffix}`);
        expect(prd.one(TABLE, suffix).inputs.name).toBe(`gistcloud-prd-${suffix}`);
    });

    test("has the manifest's keys and exactly the attributes its keys use", () => {
        const table = dev.one(TABLE, suffix).inputs;
        expect(table.hashKey).toBe(spec.hashKey.name);
        expect(table.rangeKey).toBe(spec.rangeKey?.name);
        const used = new Map<string, KeyField>();
        for (const key of [spec.hashKey, spec.rangeKey, ...[...spec.localIndexes, ...spec.globalIndexes].flatMap(i => [i.hashKey, i.rangeKey])]) {
            if (key) used.set(key.name, key);
        }
        expect([...table.attributes].sort(byName)).toEqual([...used.values()].sort(byName));
    });

    test("has the manifest's indexes, projecting everything", () => {
        const table = dev.one(TABLE, suffix).inputs;
        // A local index shares the table's partition key; only its sort key is declared.
        for (const index of spec.localIndexes) expect(index.hashKey).toEqual(spec.hashKey);
        expect(table.localSecondaryIndexes ?? []).toEqual(spec.localIndexes.map(i => ({
            name: i.name, rangeKey: i.rangeKey.name, projectionType: "ALL",
        })));
        expect(table.globalSecondaryIndexes ?? []).toEqual(spec.globalIndexes.map(i => ({
            name: i.name,
            keySchemas: [{ attributeName: i.hashKey.name, keyType: "HASH" }, { attributeName: i.rangeKey.name, keyType: "RANGE" }],
            projectionType: "ALL",
        })));
    });

    test("expires items by the manifest's TTL attribute, or not at all", () => {
        const ttl = dev.one(TABLE, suffix).inputs.ttl;
        if (spec.timeToLiveAttribute) expect(ttl).toEqual({ attributeName: spec.timeToLiveAttribute, enabled: true });
        else expect(ttl?.enabled ?? false).toBe(false);
    });

    test("is on demand, encrypted with KMS and recoverable to a point in time", () => {
        for (const stage of [dev, prd]) {
            const table = stage.one(TABLE, suffix).inputs;
            expect(table.billingMode).toBe("PAY_PER_REQUEST");
            expect(table.serverSideEncryption).toEqual({ enabled: true });
            expect(table.pointInTimeRecovery).toEqual({ enabled: true });
        }
    });
});

test("there is one table per manifest entry and no other", () => {
    expect(dev.ofType(TABLE).map(t => t.name).sort()).toEqual(manifest.tables.map(t => t.nameSuffix).sort());
});

test("prd protects its tables: deletion protection on, and pulumi destroy leaves them in place", () => {
    for (const table of prd.ofType(TABLE)) {
        expect(table.inputs.deletionProtectionEnabled, table.name).toBe(true);
        expect(table.retainOnDelete, table.name).toBe(true);
    }
});

test("dev and stg tables go with their stack", () => {
    for (const table of [...dev.ofType(TABLE), ...stg.ofType(TABLE)]) {
        expect(table.inputs.deletionProtectionEnabled, table.name).toBe(false);
        expect(table.retainOnDelete, table.name).toBe(false);
    }
});

test("visits and sync runs expire through DynamoDB's TTL on expiresAt", () => {
    for (const suffix of ["visits", "sync-runs"]) {
        expect(dev.one(TABLE, suffix).inputs.ttl).toEqual({ attributeName: "expiresAt", enabled: true });
        expect(prd.one(TABLE, suffix).inputs.ttl).toEqual({ attributeName: "expiresAt", enabled: true });
    }
});
