import { beforeAll, describe, expect, test } from "vitest";
import { deploy, Deployment } from "./harness";

const POOL = "aws:cognito/userPool:UserPool";
const GROUP = "aws:cognito/userGroup:UserGroup";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain";
const PROVIDER = "aws:cognito/identityProvider:IdentityProvider";
const FUNCTION = "aws:lambda/function:Function";
const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
const HEADERS = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";

const site = "https://d1234abcd.cloudfront.net"; // the mocks' distribution domain
const issuer = "https://cognito-idp.eu-west-1.amazonaws.com";
const hostedDomain = "https://gistcloud-dev-123456789012.auth.eu-west-1.amazoncognito.com";

const apiEnvironment = (d: Deployment): Record<string, string> =>
    d.ofType(FUNCTION).find(f => f.inputs.name === `gistcloud-${d.stage}-api`)!.inputs.environment.variables;
const clientConfig = (d: Deployment) => JSON.parse(d.ofType(OBJECT).find(o => o.inputs.key === "config.json")!.inputs.content);
const connectSrc = (d: Deployment): string => {
    const csp: string = d.ofType(HEADERS).find(p => p.name === "site-security-headers")!
        .inputs.securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy;
    return csp.split("; ").find(directive => directive.startsWith("connect-src "))!;
};
const withConfig = (settings: Record<string, unknown>) => (config: Record<string, string>) => {
    for (const [key, value] of Object.entries(settings)) {
        config[`gistcloud:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
};

/** The value of a secret input, as the mocks see it: wrapped with Pulumi's secret signature. */
const secretValue = (input: any) => {
    expect(input["4dabf18193072939515e22adb298388d"]).toBe("1b47061264138c4ac30d75fd1eb44270");
    return input.value;
};

const oidc = {
    name: "corp-sso",
    type: "OIDC",
    details: {
        client_id: "gistcloud",
        client_secret: "s3cret",
        oidc_issuer: "https://sso.example.com",
        authorize_scopes: "openid email profile",
        attributes_request_method: "GET",
    },
};

let dev: Deployment;
beforeAll(async () => {
    dev = await deploy("dev"); // signIn defaults to cognito
});

describe("the user pool", () => {
    test("signs people in by e-mail; only admins create them; strong passwords; each person may add TOTP", () => {
        const pool = dev.one(POOL).inputs;
        expect(pool).toMatchObject({
            name: "gistcloud-dev-users",
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
            },
            mfaConfiguration: "OPTIONAL",
            softwareTokenMfaConfiguration: { enabled: true },
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
        });
        expect(pool.smsConfiguration).toBeUndefined(); // no SMS: it needs an SNS sending setup and costs per message
    });

    test("has the admins group, whose members the API lets write", () => {
        expect(dev.one(GROUP).inputs).toMatchObject({ name: "admins", userPoolId: "signin-users-id" });
    });

    test("threat protection is off, on the Lite plan, unless the stack asks for it", async () => {
        expect(dev.one(POOL).inputs).toMatchObject({ userPoolTier: "LITE", userPoolAddOns: { advancedSecurityMode: "OFF" } });
        const audited = await deploy("dev", withConfig({ signInAdvancedSecurity: "audit" }));
        expect(audited.one(POOL).inputs).toMatchObject({ userPoolTier: "PLUS", userPoolAddOns: { advancedSecurityMode: "AUDIT" } });
        await expect(deploy("dev", withConfig({ signInAdvancedSecurity: "strict" }))).rejects.toThrow(/signInAdvancedSecurity/);
    });

    test("dev and stg pools can be destroyed; prd's has deletion protection and outlives `pulumi destroy`", async () => {
        expect(dev.one(POOL).inputs.deletionProtection).toBe("INACTIVE");
        expect(dev.one(POOL).retainOnDelete).toBe(false);
        const prd = await deploy("prd");
        expect(prd.one(POOL).inputs).toMatchObject({ name: "gistcloud-prd-users", deletionProtection: "ACTIVE" });
        expect(prd.one(POOL).retainOnDelete).toBe(true);
        expect(prd.one(DOMAIN).inputs.domain).toBe("gistcloud-prd-123456789012");
    });
});

describe("the web app's client", () => {
    test("is public: no secret, the authorization code flow only (with PKCE), openid profile email", () => {
        expect(dev.one(CLIENT).inputs).toMatchObject({
            name: "gistcloud-dev-web",
            userPoolId: "signin-users-id",
            generateSecret: false,
            allowedOauthFlows: ["code"],
            allowedOauthFlowsUserPoolClient: true,
            allowedOauthScopes: ["openid", "profile", "email"],
            explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"], // no password sign-in with the client id alone
        });
    });

    test("sends people back to the distribution's domain: the SPA's /auth/callback or the root; signs them out to the root", () => {
        expect(dev.one(CLIENT).inputs).toMatchObject({
            callbackUrls: [`${site}/`, `${site}/auth/callback`],
            logoutUrls: [`${site}/`],
        });
    });

    test("access and id tokens last 1 hour, refresh tokens 30 days and can be revoked; unknown users look like wrong passwords", () => {
        expect(dev.one(CLIENT).inputs).toMatchObject({
            accessTokenValidity: 1,
            idTokenValidity: 1,
            refreshTokenValidity: 30,
            tokenValidityUnits: { accessToken: "hours", idToken: "hours", refreshToken: "days" },
            enableTokenRevocation: true,
            preventUserExistenceErrors: "ENABLED",
        });
    });

    test("without federation, people sign in with Cognito's own accounts only", () => {
        expect(dev.one(CLIENT).inputs.supportedIdentityProviders).toEqual(["COGNITO"]);
        expect(dev.ofType(PROVIDER)).toEqual([]);
    });
});

describe("the hosted sign-in domain", () => {
    test("defaults to gistcloud-<stage>-<account id>, which no other account or stage can hold", () => {
        expect(dev.one(DOMAIN).inputs).toMatchObject({
            domain: "gistcloud-dev-123456789012",
            userPoolId: "signin-users-id",
            managedLoginVersion: 1,
        });
    });

    test("signInDomainPrefix overrides it, in the domain, the sign-out URL and the CSP", async () => {
        const custom = await deploy("dev", withConfig({ signInDomainPrefix: "acme-gists-dev" }));
        expect(custom.one(DOMAIN).inputs.domain).toBe("acme-gists-dev");
        expect(apiEnvironment(custom).Auth__SignOutUrl).toBe("https://acme-gists-dev.auth.eu-west-1.amazoncognito.com/logout");
        expect(connectSrc(custom)).toBe(`connect-src 'self' ${issuer} https://acme-gists-dev.auth.eu-west-1.amazoncognito.com`);
    });

    test.each([
        ["Acme", /1-63 lowercase letters, digits and hyphens/],
        ["acme_gists", /1-63 lowercase letters, digits and hyphens/],
        ["-acme", /1-63 lowercase letters, digits and hyphens/],
        ["acme-", /1-63 lowercase letters, digits and hyphens/],
        ["a".repeat(64), /1-63 lowercase letters, digits and hyphens/],
        ["acme.dev", /1-63 lowercase letters, digits and hyphens/],
        ["myaws-team", /contains "aws", which Cognito reserves/],
        ["amazon-gists", /contains "amazon", which Cognito reserves/],
        ["gists-cognito", /contains "cognito", which Cognito reserves/],
    ])("a prefix %s is refused", async (prefix, message) => {
        await expect(deploy("dev", withConfig({ signInDomainPrefix: prefix }))).rejects.toThrow(message);
    });

    test.each(["a", "x".repeat(63), "team-42"])("a prefix %s is accepted", async prefix => {
        expect((await deploy("dev", withConfig({ signInDomainPrefix: prefix }))).one(DOMAIN).inputs.domain).toBe(prefix);
    });
});

describe("federation", () => {
    test("an OIDC provider from signInFederation is trusted by the pool and offered by the client", async () => {
        const federated = await deploy("dev", withConfig({ signInFederation: oidc }));
        const provider = federated.one(PROVIDER).inputs;
        expect(provider).toMatchObject({
            userPoolId: "signin-users-id",
            providerName: "corp-sso",
            providerType: "OIDC",
            attributeMapping: { email: "email", name: "name" }, // the default for OIDC
        });
        expect(secretValue(provider.providerDetails)).toEqual(oidc.details); // it holds the client secret
        expect(federated.one(CLIENT).inputs.supportedIdentityProviders).toEqual(["COGNITO", "corp-sso"]);
    });

    test("a SAML provider takes its metadata and the stack's attribute mapping", async () => {
        const saml = {
            name: "corp-adfs",
            type: "SAML",
            details: { MetadataURL: "https://adfs.example.com/FederationMetadata/2007-06/FederationMetadata.xml" },
            attributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" },
        };
        const federated = await deploy("dev", withConfig({ signInFederation: saml }));
        expect(federated.one(PROVIDER).inputs).toMatchObject({
            providerName: "corp-adfs",
            providerType: "SAML",
            attributeMapping: saml.attributeMapping,
        });
        expect(secretValue(federated.one(PROVIDER).inputs.providerDetails)).toEqual(saml.details);
        expect(federated.one(CLIENT).inputs.supportedIdentityProviders).toEqual(["COGNITO", "corp-adfs"]);
    });

    test.each([
        ["a plain string", "corp-sso", /signInFederation' value 'corp-sso' is not a valid JSON object/],
        ["a list", [oidc], /signInFederation must be an object/],
        ["an unknown key", { ...oidc, scopes: "openid" }, /has unknown keys: scopes/],
        ["a name with a space", { ...oidc, name: "corp sso" }, /name must be 3-32 letters/],
        ["Cognito's own name", { ...oidc, name: "Cognito" }, /name COGNITO is Cognito's own/],
        ["an unknown type", { ...oidc, type: "LDAP" }, /type must be OIDC or SAML \(found "LDAP"\)/],
        ["an OIDC provider without an issuer", { ...oidc, details: { ...oidc.details, oidc_issuer: undefined } }, /details needs oidc_issuer for OIDC/],
        ["details that are not strings", { ...oidc, details: { ...oidc.details, client_id: 42 } }, /details must be an object of strings/],
        ["a SAML provider without metadata", { name: "corp-adfs", type: "SAML", details: {}, attributeMapping: { email: "mail" } }, /details needs MetadataURL or MetadataFile for SAML/],
        ["a SAML provider without an e-mail mapping", { name: "corp-adfs", type: "SAML", details: { MetadataURL: "https://adfs.example.com/m.xml" } }, /attributeMapping needs email \(the assertion attribute/],
    ])("signInFederation with %s is refused", async (_, federation, message) => {
        await expect(deploy("dev", withConfig({ signInFederation: federation }))).rejects.toThrow(message);
    });
});

describe("what the API and the SPA are told", () => {
    test("the API function's Auth__* settings name the pool, the client, the admins group and the sign-out URL", () => {
        const environment = apiEnvironment(dev);
        expect(Object.fromEntries(Object.entries(environment).filter(([key]) => key.startsWith("Auth__")))).toEqual({
            Auth__Authority: `${issuer}/signin-users-id`,
            Auth__Audience: "signin-web-id", // Cognito access tokens carry client_id, no aud
            Auth__ClientId: "signin-web-id",
            Auth__RolesClaim: "cognito:groups",
            Auth__AdminRole: "admins",
            Auth__SignOutUrl: `${hostedDomain}/logout`,
        });
        // The sync worker never checks tokens.
        const sync = dev.ofType(FUNCTION).find(f => f.inputs.name === "gistcloud-dev-sync")!.inputs.environment.variables;
        expect(Object.keys(sync).filter(key => key.startsWith("Auth__"))).toEqual([]);
    });

    test("config.json carries the same sign-in settings, as the JSON object the API itself serves", () => {
        expect(clientConfig(dev)).toEqual({
            apiBase: "/api",
            auth: {
                authority: `${issuer}/signin-users-id`,
                clientId: "signin-web-id",
                scope: "openid profile email",
                signOutUrl: `${hostedDomain}/logout`,
            },
        });
    });

    test("the SPA's CSP lets it reach the issuer (discovery, keys) and the hosted domain (tokens)", () => {
        expect(connectSrc(dev)).toBe(`connect-src 'self' ${issuer} ${hostedDomain}`);
    });

    test("the cycle is broken: CloudFront serves the HTTP API, the client names CloudFront, the function names the client", () => {
        const cdn = dev.one("aws:cloudfront/distribution:Distribution").inputs;
        expect(cdn.origins.find((o: any) => o.originId === "api").domainName).toBe("api-http-id.execute-api.eu-west-1.amazonaws.com");
        expect(dev.one(CLIENT).inputs.callbackUrls[1]).toBe(`${site}/auth/callback`);
        expect(apiEnvironment(dev).Auth__ClientId).toBe("signin-web-id");
        expect(dev.one("aws:apigatewayv2/integration:Integration").inputs.integrationUri)
            .toBe("arn:aws:lambda:eu-west-1:123456789012:function:gistcloud-dev-api");
    });

    test("the stack exports the pool and the client, for creating people and for scripts", () => {
        expect(dev.outputs).toMatchObject({ userPoolId: "signin-users-id", signInClientId: "signin-web-id" });
    });
});

describe("signIn: off", () => {
    let off: Deployment;
    beforeAll(async () => {
        off = await deploy("dev", withConfig({ signIn: "off" }));
    });

    test("makes no Cognito resource", () => {
        expect(off.resources.filter(r => r.type.startsWith("aws:cognito/"))).toEqual([]);
        expect(off.resources.filter(r => r.type.startsWith("gistcloud:aws:SignIn"))).toEqual([]);
        expect(off.outputs.userPoolId).toBeUndefined();
    });

    test("gives the API no Auth__* settings, the SPA no auth and its CSP no sign-in origin", () => {
        expect(Object.keys(apiEnvironment(off)).filter(key => key.startsWith("Auth__"))).toEqual([]);
        expect(clientConfig(off)).toEqual({ apiBase: "/api" });
        expect(connectSrc(off)).toBe("connect-src 'self'");
    });

    test("is refused next to sign-in settings that would then do nothing", async () => {
        await expect(deploy("dev", withConfig({ signIn: "off", signInDomainPrefix: "acme" })))
            .rejects.toThrow(/signIn: off but also signInFederation or signInDomainPrefix/);
        await expect(deploy("dev", withConfig({ signIn: "off", signInFederation: oidc })))
            .rejects.toThrow(/signIn: off but also/);
    });

    test("an unknown mode is refused", async () => {
        await expect(deploy("dev", withConfig({ signIn: "auth0" }))).rejects.toThrow(/signIn/);
    });
});
