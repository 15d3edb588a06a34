import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkDomainPrefix, FederationSettings, SignInSettings } from "./config";
import { manifest } from "./manifest";

/** The group whose members may write (the API's Auth__AdminRole); Cognito puts a person's groups in cognito:groups. */
export const adminGroup = "admins";
export const rolesClaim = "cognito:groups";
/** What the SPA asks for: an id token for the person's name and e-mail, an access token for the API. */
export const signInScopes = ["openid", "profile", "email"];
/** The SPA's OIDC redirect_uri; the site root is also allowed, for a sign-in started without the SPA's router. */
export const callbackPath = "/auth/callback";

/** Where Cognito publishes a pool's discovery document and keys: the API's Auth__Authority lives here. */
export const issuerOrigin = (region: string) => `https://cognito-idp.${region}.amazonaws.com`;
/** The hosted sign-in domain: authorize, token, revoke and logout endpoints. */
export const hostedDomainOrigin = (prefix: string, region: string) => `https://${prefix}.auth.${region}.amazoncognito.com`;

/**
 * The hosted domain's prefix. Prefixes are global per region, so the default carries the account id; it is known
 * before the pool exists, which lets the site's CSP name the domain before the app client (which needs the site) is made.
 */
export function hostedDomainPrefix(namePrefix: string, configured?: string): pulumi.Output<string> {
    if (configured) return pulumi.output(configured);
    return aws.getCallerIdentityOutput().accountId.apply(accountId => {
        const prefix = `${namePrefix}-${accountId}`;
        checkDomainPrefix(prefix);
        return prefix;
    });
}

/** The Auth__* keys of the API's configuration (the contract of issue 14). */
export const authSettings = {
    authority: manifest.settings.authAuthority,
    audience: manifest.settings.authAudience,
    clientId: manifest.settings.authClientId,
    rolesClaim: manifest.settings.authRolesClaim,
    adminRole: manifest.settings.authAdminRole,
    signOutUrl: manifest.settings.authSignOutUrl,
};

export interface SignInArgs {
    namePrefix: string;
    region: string;
    settings: Extract<SignInSettings, { mode: "cognito" }>;
    /** From hostedDomainPrefix. */
    domainPrefix: pulumi.Input<string>;
    /** https://<CloudFront domain>: the SPA, where Cognito sends people back after sign-in and sign-out. */
    siteUrl: pulumi.Input<string>;
    /** prd: the pool has deletion protection and `pulumi destroy` leaves it (its users are data). */
    protect: boolean;
}

/** What the SPA reads from config.json's auth (web/src/config.ts), the same shape the API serves itself. */
export interface ClientAuthConfig {
    authority: pulumi.Input<string>;
    clientId: pulumi.Input<string>;
    scope: string;
    signOutUrl: pulumi.Input<string>;
}

/** Team sign-in: a Cognito user pool (admins create the people), its admins group, hosted sign-in, and the SPA's public client. */
export class SignIn extends pulumi.ComponentResource {
    readonly userPoolId: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    /** The pool's issuer, exactly as its discovery document says. */
    readonly authority: pulumi.Output<string>;
    /** Cognito's discovery has no end_session_endpoint: the SPA signs out here with client_id and logout_uri. */
    readonly signOutUrl: pulumi.Output<string>;

    constructor(name: string, args: SignInArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gistcloud:aws:SignIn", name, {}, opts);
        const parent = { parent: this };
        const { settings } = args;

        const pool = new aws.cognito.UserPool(`${name}-users`, {
            name: `${args.namePrefix}-users`,
            // People sign in with their e-mail address; admins create them (no self sign-up on a team tool).
            usernameAttributes: ["email"],
            usernameConfiguration: { caseSensitive: false },
            autoVerifiedAttributes: ["email"],
            adminCreateUserConfig: { allowAdminCreateUserOnly: true },
            passwordPolicy: {
                minimumLength: 12,
                requireLowercase: true,
                requireUppercase: true,
                requireNumbers: true,
                requireSymbols: true,
                temporaryPasswordValidityDays: 3,
            },
            // Each person may add an authenticator app; SMS would need an SNS sending setup and costs per message.
            mfaConfiguration: "OPTIONAL",
            softwareTokenMfaConfiguration: { enabled: true },
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
            deletionProtection: args.protect ? "ACTIVE" : "INACTIVE",
            // Threat protection needs the Plus plan, which bills every user; Lite has the hosted sign-in and TOTP.
            userPoolTier: settings.advancedSecurity === "off" ? "LITE" : "PLUS",
            userPoolAddOns: { advancedSecurityMode: settings.advancedSecurity.toUpperCase() },
        }, { ...parent, retainOnDelete: args.protect });

        new aws.cognito.UserGroup(`${name}-admins`, {
            name: adminGroup,
            userPoolId: pool.id,
            description: "May write: add and remove users, start a sync (the API's Auth__AdminRole)",
        }, parent);

        const provider = settings.federation ? federatedProvider(name, pool.id, settings.federation, this) : undefined;

        const domain = new aws.cognito.UserPoolDomain(`${name}-domain`, {
            domain: args.domainPrefix,
            userPoolId: pool.id,
            managedLoginVersion: 1, // the classic hosted UI: the newer managed login needs the Essentials plan
        }, parent);

        const siteRoot = pulumi.interpolate`${args.siteUrl}/`;
        const client = new aws.cognito.UserPoolClient(`${name}-web`, {
            name: `${args.namePrefix}-web`,
            userPoolId: pool.id,
            // A browser app cannot keep a secret: a public client with the authorization code flow, to which the SPA
            // (oidc-client-ts) always adds PKCE; Cognito checks the code_verifier whenever a code_challenge was sent.
            generateSecret: false,
            allowedOauthFlows: ["code"],
            allowedOauthFlowsUserPoolClient: true,
            allowedOauthScopes: signInScopes,
            callbackUrls: [siteRoot, pulumi.interpolate`${args.siteUrl}${callbackPath}`],
            logoutUrls: [siteRoot],
            supportedIdentityProviders: provider ? ["COGNITO", provider.providerName] : ["COGNITO"],
            // Sign-in happens on the hosted pages only; the client itself may just refresh its tokens.
            explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
            enableTokenRevocation: true,
            preventUserExistenceErrors: "ENABLED",
            accessTokenValidity: 1,
            idTokenValidity: 1,
            refreshTokenValidity: 30,
            tokenValidityUnits: { accessToken: "hours", idToken: "hours", refreshToken: "days" },
        }, parent);

        this.userPoolId = pool.id;
        this.clientId = client.id;
        this.authority = pulumi.interpolate`${issuerOrigin(args.region)}/${pool.id}`;
        this.signOutUrl = domain.domain.apply(prefix => `${hostedDomainOrigin(prefix, args.region)}/logout`);
        this.registerOutputs({ userPoolId: this.userPoolId, clientId: this.clientId, authority: this.authority });
    }

    /** The API's Auth__* environment: tokens from this pool, for this client, admins by group. */
    apiEnvironment(): Record<string, pulumi.Input<string>> {
        return {
            [authSettings.authority]: this.authority,
            // Cognito access tokens have no aud, only client_id: the API accepts client_id = Audience.
            [authSettings.audience]: this.clientId,
            [authSettings.clientId]: this.clientId,
            [authSettings.rolesClaim]: rolesClaim,
            [authSettings.adminRole]: adminGroup,
            [authSettings.signOutUrl]: this.signOutUrl,
        };
    }

    /** config.json's auth: what the SPA needs to sign people in. */
    clientConfig(): ClientAuthConfig {
        return { authority: this.authority, clientId: this.clientId, scope: signInScopes.join(" "), signOutUrl: this.signOutUrl };
    }
}

function federatedProvider(name: string, userPoolId: pulumi.Input<string>, federation: FederationSettings, parent: pulumi.Resource) {
    return new aws.cognito.IdentityProvider(`${name}-federation`, {
        userPoolId,
        providerName: federation.name,
        providerType: federation.type,
        // An OIDC provider's details hold its client secret.
        providerDetails: pulumi.secret(federation.details),
        attributeMapping: federation.attributeMapping,
    }, { parent });
}
