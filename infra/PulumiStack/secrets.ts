import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecretsKeyRef } from "./lambda";

export interface SecretsKeyArgs {
    namePrefix: string;
    region: string;
    /** The two function roles: the only principals that may decrypt, and only through SSM. */
    readers: pulumi.Input<string>[];
    /** Administers the key (and encrypts, as `pulumi up` writes the parameters). */
    deployerArn: pulumi.Input<string>;
}

/**
 * The stage's own KMS key for its SSM SecureStrings. Unlike the account's aws/ssm key, which decrypts for any principal
 * allowed ssm:GetParameter*, this key's policy names its principals: no statement for the account root, so an IAM policy
 * elsewhere in the account cannot open it.
 */
export class SecretsKey extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly ref: SecretsKeyRef;

    constructor(name: string, args: SecretsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gistcloud:aws:SecretsKey", name, {}, opts);
        const viaService = `ssm.${args.region}.amazonaws.com`;

        const key = new aws.kms.Key(name, {
            description: `GistCloud ${args.namePrefix}: SSM secrets (GitHub and Pipedrive tokens, API key)`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        // KMS refuses a policy its author could not change afterwards (lockout check): the deployer keeps kms:*.
                        Sid: "DeployerAdministers",
                        Effect: "Allow",
                        Principal: { AWS: args.deployerArn },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "FunctionsDecryptThroughSsm",
                        Effect: "Allow",
                        Principal: { AWS: args.readers },
                        Action: "kms:Decrypt",
                        Resource: "*",
                        Condition: { StringEquals: { "kms:ViaService": viaService } },
                    },
                ],
            }),
        }, { parent: this });

        new aws.kms.Alias(`${name}-alias`, {
            name: `alias/${args.namePrefix}-secrets`,
            targetKeyId: key.keyId,
        }, { parent: this });

        this.arn = key.arn;
        this.ref = { arn: key.arn, viaService };
        this.registerOutputs({ arn: this.arn });
    }
}

/**
 * Who runs `pulumi up`, as a principal a key policy accepts: an assumed-role session (CodeBuild, SSO) becomes its role's
 * ARN, since KMS rejects sts:assumed-role ARNs as principals.
 */
export function deployerPrincipal(configured?: string): pulumi.Output<string> {
    if (configured) return pulumi.output(configured);
    return aws.getCallerIdentityOutput().arn.apply(arn =>
        arn.includes(":assumed-role/") ? aws.iam.getSessionContextOutput({ arn }).issuerArn : pulumi.output(arn));
}
