import * as aws from "@pulumi/aws";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { listFiles } from "./artifacts";
import { ClientAuthConfig } from "./signin";

/** /config.json, which the SPA reads at start (web/src/config.ts); the API serves the same shape when it hosts the SPA. */
export interface ClientConfig {
    apiBase: string;
    /** Present when the stage has sign-in. */
    auth?: ClientAuthConfig;
}

export interface SiteArgs {
    namePrefix: string;
    /** artifacts/web: the built SPA (web/dist). */
    webDir: string;
    /** execute-api host of the HTTP API, served under /api/*. */
    apiHost: pulumi.Input<string>;
    /** config.json's apiBase: where the SPA sends its API calls. */
    apiBase: string;
    /** Origins the SPA also talks to: the sign-in provider's (issuer and hosted domain) when sign-in is on. */
    authOrigins: pulumi.Input<string>[];
    /** Non-prd: let `pulumi destroy` empty the bucket (its content is rebuilt by every deploy). */
    forceDestroy: boolean;
}

// AWS-managed CloudFront policies (fixed ids, the same in every account).
const cachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/**
 * Headers the API reads; Host is not among them, so API Gateway sees its own host name. Origin and Sec-Fetch-Site tell
 * the API a request comes from a browser, where it refuses the API key while sign-in is on (pages sign in).
 */
export const apiForwardedHeaders = ["Accept", "Content-Type", "X-Api-Key", "X-Viewer-Id", "Origin", "Sec-Fetch-Site"];

/**
 * Errors from API Gateway itself (a failed Lambda: 500, 502, 503, 504) carry no Cache-Control, and CloudFront would
 * keep them 10 s by default for everyone with the same Authorization: pass them straight through instead. No
 * response page: the answer stays the origin's.
 */
export const uncachedErrorCodes = [500, 502, 503, 504];

/**
 * CloudFront refuses Authorization in an origin request policy: it forwards it only as part of the cache key, so
 * that one person's answer is never served to another. The API's cache policy keys on it (and on the query string)
 * and keeps nothing: no TTL by default, at most 1 s, and the API answers no-store, which a minimum TTL of 0 obeys.
 */
export const apiCacheKeyHeaders = ["Authorization"];

/**
 * Viewer-request function on the SPA behaviour only: a path whose last segment has no extension is a client-side
 * route, so it gets index.html. /api/* never runs it, so the API's own 404s reach the client unchanged (custom
 * error responses would rewrite those too).
 */
export const spaRewriteCode = `function handler(event) {
    var request = event.request;
    var last = request.uri.substring(request.uri.lastIndexOf("/") + 1);
    if (last.indexOf(".") === -1) {
        request.uri = "/index.html";
    }
    return request;
}`;

const contentTypes: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".map": "application/json",
};

/**
 * Where the SPA's fetches may go: this origin, plus the API's own origin when config.json's apiBase is absolute, plus
 * the sign-in provider's origins (its discovery document and keys; its token and revocation endpoints).
 */
export function connectSources(apiBase: string, authOrigins: string[] = []): string {
    const sources = ["'self'"];
    if (/^https?:\/\//i.test(apiBase)) sources.push(new URL(apiBase).origin); // "/api": same origin, CloudFront routes it
    sources.push(...authOrigins);
    return sources.join(" ");
}

/**
 * The same policies the API sends when it serves the SPA itself (app/Api/Security/SecurityHeaders.cs): the SPA's own
 * scripts, styles and API; GitHub's avatars; the favicon as a data: URL; nothing may frame it.
 */
export function siteContentSecurityPolicy(apiBase: string, authOrigins: string[] = []): string {
    return "default-src 'none'; script-src 'self'; style-src 'self'; " +
        `connect-src ${connectSources(apiBase, authOrigins)}; ` +
        "img-src 'self' data: https://avatars.githubusercontent.com; font-src 'self'; manifest-src 'self'; " +
        "base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";
}

/** JSON and problems: nothing may load, run or frame. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Vite puts content-hashed files under assets/: they never change, so browsers and CloudFront keep them for a year. */
export function cacheControl(key: string): string {
    if (key.startsWith("assets/")) return "public, max-age=31536000, immutable";
    if (key === "index.html" || key === "config.json") return "no-cache"; // always revalidated: a deploy shows at once
    return "public, max-age=3600";
}

/** The SPA in a private bucket behind CloudFront, which also routes /api/* to the HTTP API (same origin: no CORS). */
export class Site extends pulumi.ComponentResource {
    readonly url: pulumi.Output<string>;
    readonly bucketName: pulumi.Output<string>;
    readonly distributionId: pulumi.Output<string>;
    private readonly name: string;
    private readonly bucketId: pulumi.Output<string>;

    constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gistcloud:aws:Site", name, {}, opts);
        const parent = { parent: this };

        const bucket = new aws.s3.Bucket(`${name}-bucket`, {
            bucketPrefix: `${args.namePrefix}-site-`, // bucket names are global: let AWS make it unique
            forceDestroy: args.forceDestroy,
        }, parent);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-private`, {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, parent);
        new aws.s3.BucketOwnershipControls(`${name}-owner`, {
            bucket: bucket.id,
            rule: { objectOwnership: "BucketOwnerEnforced" }, // no ACLs at all
        }, parent);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, parent);

        const oac = new aws.cloudfront.OriginAccessControl(`${name}-oac`, {
            name: `${args.namePrefix}-site`,
            description: "CloudFront reads the GistCloud SPA bucket, signed",
            originAccessControlOriginType: "s3",
            signingBehavior: "always",
            signingProtocol: "sigv4",
        }, parent);

        const spaRewrite = new aws.cloudfront.Function(`${name}-spa-rewrite`, {
            name: `${args.namePrefix}-spa-rewrite`,
            comment: "Extension-less paths are SPA routes: serve index.html",
            runtime: "cloudfront-js-2.0",
            publish: true,
            code: spaRewriteCode,
        }, parent);

        const headersPolicy = (suffix: string, contentSecurityPolicy: pulumi.Input<string>) =>
            new aws.cloudfront.ResponseHeadersPolicy(`${name}-${suffix}`, {
                name: `${args.namePrefix}-${suffix}`,
                securityHeadersConfig: {
                    strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, override: true },
                    contentTypeOptions: { override: true },
                    frameOptions: { frameOption: "DENY", override: true },
                    referrerPolicy: { referrerPolicy: "no-referrer", override: true },
                    contentSecurityPolicy: { contentSecurityPolicy, override: true },
                },
                // S3 and API Gateway name themselves; the API sends no Server header either.
                removeHeadersConfig: { items: [{ header: "Server" }] },
            }, parent);
        const securityHeaders = headersPolicy("security-headers",
            pulumi.output(args.authOrigins).apply(origins => siteContentSecurityPolicy(args.apiBase, origins)));
        // The API already sends these (and Cache-Control: no-store); CloudFront keeps them on its own errors too.
        const apiSecurityHeaders = headersPolicy("api-security-headers", apiContentSecurityPolicy);

        const apiRequests = new aws.cloudfront.OriginRequestPolicy(`${name}-api-requests`, {
            name: `${args.namePrefix}-api-requests`,
            comment: "GistCloud API: every query string and the headers the API reads (not Host)",
            cookiesConfig: { cookieBehavior: "none" },
            headersConfig: { headerBehavior: "whitelist", headers: { items: apiForwardedHeaders } },
            queryStringsConfig: { queryStringBehavior: "all" },
        }, parent);
        const apiCache = new aws.cloudfront.CachePolicy(`${name}-api-cache`, {
            name: `${args.namePrefix}-api`,
            comment: "GistCloud API: forwards Authorization (it must be in the key) and caches nothing",
            minTtl: 0,
            defaultTtl: 0,
            maxTtl: 1, // all three 0 would be "caching disabled", which allows no headers in the key
            parametersInCacheKeyAndForwardedToOrigin: {
                headersConfig: { headerBehavior: "whitelist", headers: { items: apiCacheKeyHeaders } },
                cookiesConfig: { cookieBehavior: "none" },
                queryStringsConfig: { queryStringBehavior: "all" },
                enableAcceptEncodingGzip: false,
                enableAcceptEncodingBrotli: false,
            },
        }, parent);

        const distribution = new aws.cloudfront.Distribution(`${name}-cdn`, {
            comment: `GistCloud ${args.namePrefix}`,
            enabled: true,
            isIpv6Enabled: true,
            httpVersion: "http2and3",
            priceClass: "PriceClass_100",
            defaultRootObject: "index.html",
            origins: [
                { originId: "site", domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id },
                {
                    originId: "api",
                    domainName: args.apiHost,
                    customOriginConfig: {
                        httpPort: 80,
                        httpsPort: 443,
                        originProtocolPolicy: "https-only",
                        originSslProtocols: ["TLSv1.2"],
                    },
                },
            ],
            defaultCacheBehavior: {
                targetOriginId: "site",
                viewerProtocolPolicy: "redirect-to-https",
                allowedMethods: ["GET", "HEAD", "OPTIONS"],
                cachedMethods: ["GET", "HEAD"],
                cachePolicyId: cachingOptimized,
                responseHeadersPolicyId: securityHeaders.id,
                compress: true,
                functionAssociations: [{ eventType: "viewer-request", functionArn: spaRewrite.arn }],
            },
            orderedCacheBehaviors: [{
                pathPattern: "/api/*",
                targetOriginId: "api",
                // A redirect would turn a plain-HTTP POST into a GET and lose its body: refuse instead.
                viewerProtocolPolicy: "https-only",
                allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
                cachedMethods: ["GET", "HEAD"],
                cachePolicyId: apiCache.id,
                originRequestPolicyId: apiRequests.id,
                responseHeadersPolicyId: apiSecurityHeaders.id,
                compress: true,
            }],
            customErrorResponses: uncachedErrorCodes.map(errorCode => ({ errorCode, errorCachingMinTtl: 0 })),
            restrictions: { geoRestriction: { restrictionType: "none" } },
            viewerCertificate: { cloudfrontDefaultCertificate: true },
        }, parent);

        // Only this distribution may read, and only objects: not public, no listing.
        new aws.s3.BucketPolicy(`${name}-cdn-read`, {
            bucket: bucket.id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "CloudFrontReads",
                    Effect: "Allow",
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Action: "s3:GetObject",
                    Resource: pulumi.interpolate`${bucket.arn}/*`,
                    Condition: { StringEquals: { "AWS:SourceArn": distribution.arn } },
                }],
            }),
        }, { parent: this, dependsOn: [publicAccess] });

        for (const key of listFiles(args.webDir).filter(k => k !== "config.json")) {
            new aws.s3.BucketObjectv2(`${name}/${key}`, {
                bucket: bucket.id,
                key,
                source: new pulumi.asset.FileAsset(path.join(args.webDir, key)),
                contentType: contentTypes[path.extname(key).toLowerCase()] ?? "application/octet-stream",
                cacheControl: cacheControl(key),
            }, parent);
        }
        this.url = pulumi.interpolate`https://${distribution.domainName}`;
        this.bucketName = bucket.bucket;
        this.name = name;
        this.bucketId = bucket.id;
        this.distributionId = distribution.id;
        this.registerOutputs({ url: this.url, bucketName: this.bucketName });
    }

    /**
     * Writes /config.json. Separate from the constructor: its auth.clientId comes from the app client, which is made
     * after the distribution (the client's callback URLs are on the distribution's domain).
     */
    publishClientConfig(config: ClientConfig) {
        new aws.s3.BucketObjectv2(`${this.name}/config.json`, {
            bucket: this.bucketId,
            key: "config.json",
            content: pulumi.jsonStringify(config),
            contentType: contentTypes[".json"],
            cacheControl: cacheControl("config.json"),
        }, { parent: this });
    }
}
