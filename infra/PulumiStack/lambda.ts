import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ParameterRef, TableRef } from "./data";
import { manifest, parameterVariable, TableAccess } from "./manifest";

type Statement = aws.types.input.iam.PolicyStatement;

// Item and query calls the stores make; no Scan, no table management (the tables belong to Pulumi; the API's
// DescribeTable for /health/ready is its own statement, on the users table only).

/** What "read" access grants, on the table and its indexes (Query). */
export const tableReadActions = [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
];

/** What "readWrite" access adds, on the table itself. TransactWriteItems is authorized per item: Put/Update/Delete/ConditionCheckItem. */
export const tableWriteActions = [
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
];

/** One table a function reaches, and how (manifest.json: sync.tables, api.tables). */
export interface TableGrant { table: TableRef; access: TableAccess }

/** A customer-managed key the function's SSM parameters are encrypted with (secrets.ts). */
export interface SecretsKeyRef { arn: pulumi.Output<string>; viaService: string }

export interface DotnetFunctionArgs {
    functionName: string;
    /** Made first with functionRole: the secrets key's policy names it, and KMS refuses principals that do not exist yet. */
    role: aws.iam.Role;
    description: string;
    code: pulumi.asset.Archive;
    handler: string;
    memoryMb: number;
    timeoutSeconds: number;
    logRetentionDays: number;
    environment: Record<string, pulumi.Input<string>>;
    /** Only these tables (and their indexes) are readable, and only those with readWrite access writable. */
    tables: TableGrant[];
    /** Only these SSM parameters are readable. */
    parameters: ParameterRef[];
    /** Set when the parameters use a customer-managed key: kms:Decrypt on that key alone, through SSM alone. */
    secretsKey?: SecretsKeyRef;
    /** Reserved concurrency; undefined = none (the account's unreserved pool). */
    reservedConcurrency?: number;
    layers?: pulumi.Input<string>[];
    extraStatements?: pulumi.Input<Statement>[];
}

/** The role a function runs as; its permissions come with the function (dotnetFunction). */
export function functionRole(name: string, functionName: string): aws.iam.Role {
    return new aws.iam.Role(`${name}-role`, {
        name: `${functionName}-role`,
        assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
    });
}

/** A .NET 10 arm64 Lambda with its own log group (with retention) and a role that reaches only what it is given. */
export function dotnetFunction(name: string, args: DotnetFunctionArgs, parent: pulumi.Resource) {
    // Created before the function, so Lambda never makes its own log group without retention.
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
        name: `/aws/lambda/${args.functionName}`,
        retentionInDays: args.logRetentionDays,
    }, { parent });

    const role = args.role;
    const statements: pulumi.Input<Statement>[] = [];
    if (args.tables.length > 0) {
        statements.push({
            Sid: "TableReads",
            Effect: "Allow",
            Action: tableReadActions,
            Resource: args.tables.flatMap(({ table }) => [table.arn, pulumi.interpolate`${table.arn}/index/*`]),
        });
    }
    const writable = args.tables.filter(t => t.access === "readWrite").map(t => t.table);
    if (writable.length > 0) {
        statements.push({
            Sid: "TableWrites",
            Effect: "Allow",
            Action: tableWriteActions,
            Resource: writable.map(t => t.arn), // writes name the table, never an index
        });
    }
    statements.push(
        {
            Sid: "Logs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [pulumi.interpolate`${logGroup.arn}:*`],
        },
        ...(args.extraStatements ?? []),
    );
    if (args.parameters.length > 0) {
        statements.push({
            Sid: "Secrets",
            Effect: "Allow",
            Action: ["ssm:GetParameters"], // SsmSecrets reads them in one batch, decrypted (the aws/ssm key needs no kms grant; a customer-managed one does, below)
            Resource: args.parameters.map(p => p.arn),
        });
        if (args.secretsKey) {
            statements.push({
                Sid: "SecretsKey",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: [args.secretsKey.arn],
                // Only as SSM decrypts a parameter for this role: the key is no general-purpose decrypter.
                Condition: { StringEquals: { "kms:ViaService": args.secretsKey.viaService } },
            });
        }
    }
    const policy = new aws.iam.RolePolicy(`${name}-access`, {
        role: role.id,
        policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }),
    }, { parent });

    const fn = new aws.lambda.Function(name, {
        name: args.functionName,
        description: args.description,
        runtime: aws.lambda.Runtime.Dotnet10,
        architectures: ["arm64"],
        handler: args.handler,
        code: args.code,
        memorySize: args.memoryMb,
        timeout: args.timeoutSeconds,
        reservedConcurrentExecutions: args.reservedConcurrency ?? -1, // -1: no reservation (0 would stop the function)
        role: role.arn,
        layers: args.layers,
        loggingConfig: { logFormat: "Text", logGroup: logGroup.name }, // the app already writes JSON lines
        environment: { variables: args.environment },
    }, { parent, dependsOn: [policy] });

    return { fn, role, logGroup };
}

export interface AppSettings {
    tablePrefix: string;
    githubBaseUrl?: string;
    pipedriveBaseUrl?: string;
    pipedriveMode: string;
}

/** The app settings both Lambdas share: the stage's table prefix (no table creation), peers, and secrets by SSM name. */
export function appEnvironment(app: AppSettings, parameters: ParameterRef[]): Record<string, pulumi.Input<string>> {
    const names = manifest.settings;
    const environment: Record<string, pulumi.Input<string>> = {
        [names.tablePrefix]: app.tablePrefix,
        [names.createTables]: "false", // the tables are Pulumi's; the roles cannot create them anyway
        [names.pipedriveMode]: app.pipedriveMode,
    };
    if (app.githubBaseUrl) environment[names.githubBaseUrl] = app.githubBaseUrl;
    if (app.pipedriveBaseUrl) environment[names.pipedriveBaseUrl] = app.pipedriveBaseUrl;
    for (const parameter of parameters) {
        environment[parameterVariable(parameter.secret)] = parameter.name;
    }
    return environment;
}
