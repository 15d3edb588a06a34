import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyField, manifest, TableSpec } from "./manifest";

export interface DataArgs {
    tablePrefix: string;
    /** SSM path the secrets go under, e.g. /gistcloud/dev/. */
    parameterPath: string;
    /** prd: deletion protection on, and `pulumi destroy` leaves the tables in place. */
    protectData: boolean;
    /** Secret name (manifest.secrets) → value; only these get a parameter. */
    secrets: Record<string, pulumi.Input<string>>;
    /** A customer-managed key for the parameters (secretsKey: customer-managed); unset = the account's aws/ssm key. */
    secretsKeyArn?: pulumi.Input<string>;
}

export interface TableRef { suffix: string; name: pulumi.Output<string>; arn: pulumi.Output<string> }
export interface ParameterRef { secret: string; name: pulumi.Output<string>; arn: pulumi.Output<string> }

/** The stage's DynamoDB tables, exactly as GistCloudTables defines them, and its secrets as SSM SecureStrings. */
export class DataStore extends pulumi.ComponentResource {
    readonly tables: Record<string, TableRef> = {};
    readonly parameters: Record<string, ParameterRef> = {};

    constructor(name: string, args: DataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gistcloud:aws:DataStore", name, {}, opts);

        for (const spec of manifest.tables) {
            const table = new aws.dynamodb.Table(spec.nameSuffix, tableArgs(spec, args), {
                parent: this,
                // Data outlives a stack on prd: `pulumi destroy` forgets the table instead of deleting it.
                retainOnDelete: args.protectData,
            });
            this.tables[spec.nameSuffix] = { suffix: spec.nameSuffix, name: table.name, arn: table.arn };
        }

        for (const [secret, value] of Object.entries(args.secrets)) {
            const kebab = secret.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
            const parameter = new aws.ssm.Parameter(kebab, {
                name: `${args.parameterPath}${kebab}`,
                description: `GistCloud ${manifest.secrets[secret]} (read by the Lambdas at start)`,
                // The account's aws/ssm key decrypts for anyone allowed ssm:GetParameter*; the stage's own key (prd)
                // decrypts only for the two function roles (secrets.ts).
                type: "SecureString",
                keyId: args.secretsKeyArn,
                tier: "Standard",
                value,
            }, { parent: this });
            this.parameters[secret] = { secret, name: parameter.name, arn: parameter.arn };
        }

        this.registerOutputs({ tables: this.tables, parameters: this.parameters });
    }
}

function tableArgs(spec: TableSpec, args: DataArgs): aws.dynamodb.TableArgs {
    const indexes = [...spec.localIndexes, ...spec.globalIndexes];
    const keys = [spec.hashKey, spec.rangeKey, ...indexes.flatMap(i => [i.hashKey, i.rangeKey])]
        .filter((k): k is KeyField => k !== null);
    // DynamoDB rejects attribute definitions no key uses, and duplicates: one per distinct key attribute.
    const attributes = [...new Map(keys.map(k => [k.name, k])).values()];
    return {
        name: `${args.tablePrefix}${spec.nameSuffix}`,
        billingMode: manifest.billingMode,
        hashKey: spec.hashKey.name,
        rangeKey: spec.rangeKey?.name,
        attributes: attributes.map(a => ({ name: a.name, type: a.type })),
        localSecondaryIndexes: spec.localIndexes.map(i => ({
            name: i.name,
            rangeKey: i.rangeKey.name,
            projectionType: manifest.indexProjection,
        })),
        globalSecondaryIndexes: spec.globalIndexes.map(i => ({
            name: i.name,
            keySchemas: [
                { attributeName: i.hashKey.name, keyType: "HASH" },
                { attributeName: i.rangeKey.name, keyType: "RANGE" },
            ],
            projectionType: manifest.indexProjection,
        })),
        ttl: spec.timeToLiveAttribute ? { attributeName: spec.timeToLiveAttribute, enabled: true } : undefined,
        pointInTimeRecovery: { enabled: true },
        // true = the account's AWS-managed key (aws/dynamodb), visible in CloudTrail; false would still encrypt with an AWS-owned key.
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: args.protectData,
    };
}
