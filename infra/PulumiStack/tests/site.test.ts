import * as vm from "vm";
import { beforeAll, describe, expect, test } from "vitest";
import { apiCacheKeyHeaders, apiForwardedHeaders, connectSources, siteContentSecurityPolicy, spaRewriteCode } from "../site";
import { deploy, Deployment, policyOf } from "./harness";

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";

let dev: Deployment;
let cdn: Record<string, any>;
beforeAll(async () => {
    dev = await deploy("dev");
    cdn = dev.one(DISTRIBUTION).inputs;
});

describe("the bucket", () => {
    test("blocks every kind of public access and uses no ACLs", () => {
        expect(dev.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
            bucket: "site-bucket-id",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(dev.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule.objectOwnership).toBe("BucketOwnerEnforced");
        // No ACL grant and no website endpoint (which would be public by design).
        expect(dev.resources.filter(r => /acl|website/i.test(r.type))).toEqual([]);
    });

    test("can be read only by this distribution, object by object", () => {
        const policy = policyOf(dev.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        expect(policy.Statement).toEqual([{
            Sid: "CloudFrontReads",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::gistcloud-dev-site-0001/*",
            Condition: { StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/site-cdn-id" } },
        }]);
    });
});

describe("CloudFront", () => {
    test("reads the bucket through Origin Access Control (SigV4), not a public endpoint or an OAI", () => {
        const oac = dev.one("aws:cloudfront/originAccessControl:OriginAccessControl");
        expect(oac.inputs).toMatchObject({ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
        const site = cdn.origins.find((o: any) => o.originId === "site");
        expect(site.originAccessControlId).toBe(`${oac.name}-id`);
        expect(site.domainName).toBe("gistcloud-dev-site-0001.s3.eu-west-1.amazonaws.com");
        expect(site.s3OriginConfig?.originAccessIdentity ?? "").toBe("");
    });

    test("redirects the site to HTTPS and never serves anything over plain HTTP", () => {
        expect(cdn.defaultCacheBehavior.viewerProtocolPolicy).toBe("redirect-to-https");
        for (const behavior of [cdn.defaultCacheBehavior, ...cdn.orderedCacheBehaviors]) {
            expect(["redirect-to-https", "https-only"]).toContain(behavior.viewerProtocolPolicy);
        }
        const api = cdn.origins.find((o: any) => o.originId === "api");
        expect(api.customOriginConfig).toMatchObject({ originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] });
    });

    test("sends /api/* to API Gateway uncached, with every query string, Authorization and the API's headers but not Host", () => {
        const [api] = cdn.orderedCacheBehaviors;
        expect(cdn.orderedCacheBehaviors).toHaveLength(1);
        expect(api).toMatchObject({ pathPattern: "/api/*", targetOriginId: "api" });

        // Authorization reaches the origin only through the cache key; nothing stays cached (the API says no-store).
        const cache = dev.one("aws:cloudfront/cachePolicy:CachePolicy");
        expect(api.cachePolicyId).toBe(`${cache.name}-id`);
        expect(cache.inputs).toMatchObject({ name: "gistcloud-dev-api", minTtl: 0, defaultTtl: 0, maxTtl: 1 });
        const key = cache.inputs.parametersInCacheKeyAndForwardedToOrigin;
        expect(key.headersConfig).toEqual({ headerBehavior: "whitelist", headers: { items: ["Authorization"] } });
        expect(key.queryStringsConfig).toEqual({ queryStringBehavior: "all" }); // a cached answer could never be another query's
        expect(key.cookiesConfig).toEqual({ cookieBehavior: "none" });
        expect(apiCacheKeyHeaders).toEqual(["Authorization"]);
        expect(api.allowedMethods).toEqual(expect.arrayContaining(["GET", "POST", "DELETE", "OPTIONS"]));
        expect(cdn.origins.find((o: any) => o.originId === "api").domainName).toBe("api-http-id.execute-api.eu-west-1.amazonaws.com");

        const requests = dev.one("aws:cloudfront/originRequestPolicy:OriginRequestPolicy");
        expect(api.originRequestPolicyId).toBe(`${requests.name}-id`);
        expect(requests.inputs.queryStringsConfig).toEqual({ queryStringBehavior: "all" });
        expect(requests.inputs.headersConfig.headerBehavior).toBe("whitelist");
        const headers: string[] = requests.inputs.headersConfig.headers.items.map((h: string) => h.toLowerCase());
        expect(headers).toEqual(expect.arrayContaining(["x-api-key", "x-viewer-id", "content-type", "accept"]));
        // The API refuses the key from browsers while sign-in is on: it must see what marks a browser's request.
        expect(headers).toEqual(expect.arrayContaining(["origin", "sec-fetch-site"]));
        expect(headers).not.toContain("host");
        expect(headers).not.toContain("authorization"); // CloudFront refuses it in an origin request policy (HTTP 400)
        expect(headers).toHaveLength(apiForwardedHeaders.length);
    });

    test("handles SPA deep links with a function on the site behaviour only, so API 404s stay 404s", () => {
        // Only the caching of 5xx changes (API Gateway's own errors carry no Cache-Control): no page, no status rewrite.
        expect(cdn.customErrorResponses).toEqual([500, 502, 503, 504].map(errorCode => ({ errorCode, errorCachingMinTtl: 0 })));
        const fn = dev.one("aws:cloudfront/function:Function");
        expect(fn.inputs).toMatchObject({ runtime: "cloudfront-js-2.0", publish: true, code: spaRewriteCode });
        expect(cdn.defaultCacheBehavior.functionAssociations).toEqual([
            { eventType: "viewer-request", functionArn: "arn:aws:cloudfront::123456789012:function/gistcloud-dev-spa-rewrite" },
        ]);
        expect(cdn.orderedCacheBehaviors[0].functionAssociations ?? []).toEqual([]);
    });

    test.each([
        ["/", "/index.html"],
        ["/users/octocat", "/index.html"],
        ["/users/octocat/", "/index.html"],
        ["/sync", "/index.html"],
        ["/index.html", "/index.html"],
        ["/assets/index-Bx7Qk2aZ.js", "/assets/index-Bx7Qk2aZ.js"],
        ["/config.json", "/config.json"],
        ["/favicon.svg", "/favicon.svg"],
    ])("the rewrite sends %s to %s", (uri, expected) => {
        const handler = vm.runInNewContext(`${spaRewriteCode}; handler`);
        expect(handler({ request: { uri, method: "GET" } }).uri).toBe(expected);
    });

    const policies = () => dev.ofType("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
    const policy = (name: string) => policies().find(p => p.name === name)!;

    test("adds the same security headers as the API: the site's policy on the site, the strict one on /api/*", () => {
        expect(policies().map(p => p.name).sort()).toEqual(["site-api-security-headers", "site-security-headers"]);
        for (const p of policies()) {
            const headers = p.inputs.securityHeadersConfig;
            expect(headers.strictTransportSecurity.accessControlMaxAgeSec).toBeGreaterThanOrEqual(31536000);
            expect(headers.contentTypeOptions.override).toBe(true);
            expect(headers.frameOptions.frameOption).toBe("DENY");
            expect(headers.referrerPolicy.referrerPolicy).toBe("no-referrer");
            expect(headers.contentSecurityPolicy.contentSecurityPolicy).toContain("frame-ancestors 'none'");
            expect(headers.contentSecurityPolicy.contentSecurityPolicy).not.toContain("unsafe");
            expect(p.inputs.removeHeadersConfig.items).toEqual([{ header: "Server" }]);
        }
        expect(cdn.defaultCacheBehavior.responseHeadersPolicyId).toBe("site-security-headers-id");
        expect(cdn.orderedCacheBehaviors[0].responseHeadersPolicyId).toBe("site-api-security-headers-id");
        expect(policy("site-api-security-headers").inputs.securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy)
            .toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    });

    test("the site's policy lets the SPA reach its API (same origin here), the sign-in provider and GitHub's avatars, and nothing else", () => {
        const csp: string = policy("site-security-headers").inputs.securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy;
        const directives = Object.fromEntries(csp.split("; ").map(d => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));
        expect(directives).toMatchObject({
            "default-src": "'none'",
            "script-src": "'self'",
            "style-src": "'self'",
            "connect-src": "'self' https://cognito-idp.eu-west-1.amazonaws.com https://gistcloud-dev-123456789012.auth.eu-west-1.amazoncognito.com",
            "img-src": "'self' data: https://avatars.githubusercontent.com",
            "base-uri": "'none'",
            "object-src": "'none'",
            "frame-ancestors": "'none'",
        });
        expect(JSON.parse(dev.ofType(OBJECT).find(o => o.inputs.key === "config.json")!.inputs.content).apiBase).toBe("/api");
    });

    test.each([
        ["/api", "'self'"],
        ["https://api.example.com/api", "'self' https://api.example.com"],
    ])("an apiBase of %s lets the SPA connect to %s", (apiBase, sources) => {
        expect(connectSources(apiBase)).toBe(sources);
        expect(siteContentSecurityPolicy(apiBase)).toContain(`connect-src ${sources};`);
    });

    test("sign-in origins come after the API's", () => {
        expect(connectSources("https://api.example.com/api", ["https://idp.example.com"]))
            .toBe("'self' https://api.example.com https://idp.example.com");
    });
});

describe("the uploaded SPA", () => {
    const object = (key: string) => dev.ofType(OBJECT).find(o => o.inputs.key === key)!.inputs;

    test("is every built file plus a generated config.json", () => {
        expect(dev.ofType(OBJECT).map(o => o.inputs.key).sort())
            .toEqual(["assets/index-Bx7Qk2aZ.js", "config.json", "favicon.svg", "index.html"]);
    });

    test("hashed assets are immutable; index.html and config.json are always revalidated", () => {
        expect(object("assets/index-Bx7Qk2aZ.js")).toMatchObject({
            cacheControl: "public, max-age=31536000, immutable",
            contentType: "text/javascript; charset=utf-8",
        });
        expect(object("index.html")).toMatchObject({ cacheControl: "no-cache", contentType: "text/html; charset=utf-8" });
        expect(object("config.json").cacheControl).toBe("no-cache");
    });

    test("config.json points the SPA at the same-origin API", () => {
        // Generated, not the local-development file web/dist may carry; its auth: signin.test.ts.
        expect(JSON.parse(object("config.json").content)).toMatchObject({ apiBase: "/api" });
    });
});
