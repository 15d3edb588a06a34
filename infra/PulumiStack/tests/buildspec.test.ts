import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./harness";

// The build pipeline (buildspec.yml) must run on a fresh CodeBuild image what the README and CI run, package
// once, seal that artifact, and deploy dev or stg - never prd, which only takes a sealed artifact that stg runs.

// The image both buildspecs target, and the Node majors its runtime-versions offers. Source: the AWS CodeBuild
// user guide, "Runtime versions" (docs.aws.amazon.com/codebuild/latest/userguide/runtime-versions.html: nodejs
// 18, 20, 22, 24) and "Available runtimes"; Node 24 came to standard:7.0's runtimes.yml with
// aws/aws-codebuild-docker-images PR #810 (issue #803, 2026-04). Update both together when the image changes.
const IMAGE = "aws/codebuild/standard:7.0";
const IMAGE_NODE_VERSIONS = [18, 20, 22, 24];

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
const buildspec = parse(read("buildspec.yml"));
const promoteBuildspec = parse(read("buildspec-promote.yml"));
const PHASES = ["install", "pre_build", "build", "post_build"];
const commandsOf = (spec: any, phase: string): string[] => spec.phases[phase]?.commands ?? [];
const commands = (phase: string) => commandsOf(buildspec, phase);
const all = PHASES.flatMap(commands);
/** Every shell line of both buildspecs (a multi-line command gives several). */
const lines = [buildspec, promoteBuildspec].flatMap(spec => PHASES.flatMap(phase => commandsOf(spec, phase)))
    .flatMap(command => command.split("\n"));

const REFUSAL = /STAGE=prd refused: .*promot/;

test("is a version 0.2 buildspec with bash for the documented image", () => {
    expect(buildspec.version).toBe(0.2);
    expect(buildspec.env.shell).toBe("bash");
    expect(read("buildspec.yml")).toContain(IMAGE);
    expect(read("buildspec-promote.yml")).toContain(IMAGE);
});

test("both buildspecs take the newest Node the image offers, and the build keeps Java for DynamoDB Local", () => {
    const newest = Math.max(...IMAGE_NODE_VERSIONS);
    expect(buildspec.phases.install["runtime-versions"].nodejs).toBe(newest);
    expect(promoteBuildspec.phases.install["runtime-versions"].nodejs).toBe(newest);
    expect(buildspec.phases.install["runtime-versions"].java).toBe("corretto17");
});

test("refreshes the package lists before anything touches apt, and before any .deb is installed", () => {
    const install = commands("install");
    const aptOrDeb = (command: string) => /\bapt(-get)?\b|\bdpkg\b|\.deb\b/.test(command);
    const update = install.findIndex(command => /\bapt-get update\b/.test(command));
    expect(update).toBeGreaterThanOrEqual(0);
    expect(install.findIndex(aptOrDeb)).toBe(update);
    const installs = all.filter(command => /\bapt(-get)? install\b|\bdpkg -i\b|\.deb\b/.test(command));
    expect(installs.length).toBeGreaterThanOrEqual(2); // the Chrome .deb, and zip + unzip for package.sh
    for (const command of installs) expect(all.indexOf(command)).toBeGreaterThan(update);
    expect(installs.join("\n")).toMatch(/apt-get install .*\bzip unzip\b/);
});

test("installs exactly the .NET SDK that global.json pins", () => {
    const globalJson = JSON.parse(read("global.json"));
    expect(globalJson.sdk.version).toMatch(/^10\.0\.\d+$/);
    expect(globalJson.sdk.rollForward).toBe("latestFeature");
    const dotnetInstall = all.filter(command => command.includes("dotnet-install.sh"));
    expect(dotnetInstall).toHaveLength(1);
    expect(dotnetInstall[0]).toMatch(/dotnet-install\.sh \| bash -s -- --jsonfile global\.json /);
    expect(lines.join("\n")).not.toContain("--channel");
});

test("pins the same Pulumi CLI in both buildspecs", () => {
    expect(buildspec.env.variables.PULUMI_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(promoteBuildspec.env.variables.PULUMI_VERSION).toBe(buildspec.env.variables.PULUMI_VERSION);
    expect(all.join("\n")).toContain('get.pulumi.com | sh -s -- --version "$PULUMI_VERSION"');
});

test("runs the README's test command, which is also what CI runs", () => {
    const testCommand = "make test";
    expect(read("README.md")).toContain(testCommand);
    expect(read(".ci/run")).toMatch(/^make test$/m);
    expect(commands("build")).toContain(testCommand);
});

test("tests, then packages with the Makefile's target, then seals the artifact with checksums", () => {
    expect(read("Makefile")).toMatch(/^package:.*\n\t\.\/scripts\/package\.sh$/m);
    const build = commands("build");
    const order = ["make test", "make package", "scripts/release.sh seal"].map(command => build.indexOf(command));
    expect(order.every(index => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
});

test("the artifact holds the zips, the site, the checksums, the release record, the Pulumi program and the promotion, without node_modules", () => {
    const { files, name } = buildspec.artifacts;
    for (const file of ["artifacts/sync.zip", "artifacts/api.zip", "artifacts/web/**/*", "artifacts/SHA256SUMS",
        "artifacts/release.json", "infra/PulumiStack/**/*", "infra/manifest.json", "scripts/promote.sh", "buildspec-promote.yml"]) {
        expect(files).toContain(file);
    }
    expect(buildspec.artifacts["exclude-paths"]).toContain("infra/PulumiStack/node_modules/**/*");
    expect(buildspec.artifacts["discard-paths"] ?? "no").toBe("no");
    expect(buildspec.artifacts["base-directory"]).toBeUndefined(); // paths stay relative to the repository root
    expect(name).toContain("$CODEBUILD_BUILD_NUMBER");
});

test("the artifact keeps the paths the Pulumi program reads: artifactsDir's default and the files it imports from outside its folder", () => {
    const program = "infra/PulumiStack";
    const artifactsDir = parse(read(`${program}/Pulumi.yaml`)).config.artifactsDir.default;
    expect(path.posix.join(program, artifactsDir)).toBe("artifacts");
    const outside = fs.readdirSync(path.join(repoRoot, program)).filter(file => file.endsWith(".ts"))
        .flatMap(file => [...read(`${program}/${file}`).matchAll(/from "(\.\.\/[^"]+)"/g)].map(m => path.posix.join(program, m[1])));
    expect(outside).toContain("infra/manifest.json");
    for (const file of outside) expect(buildspec.artifacts.files).toContain(file);
});

test("the build never deploys prd: no prd stack in any command, and an explicit STAGE=prd fails the install phase first", () => {
    expect(all.join("\n")).not.toMatch(/--stack\s+"?prd/);
    const guard = commands("install")[0];
    expect(guard).toMatch(REFUSAL);
    const run = (stage: string | undefined) => spawnSync("bash", ["-c", guard],
        { encoding: "utf8", env: { PATH: process.env.PATH, ...(stage === undefined ? {} : { STAGE: stage }) } });
    const refused = run("prd");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).toMatch(/buildspec-promote\.yml/);
    for (const stage of [undefined, "", "stg", "dev"]) expect(run(stage).status).toBe(0);
});

test.each([
    ["main", "stg"],
    ["refs/heads/main", "stg"],
    ["release/1.4", "dev"],
    ["refs/heads/release/2026-11", "dev"],
    ["feature/visits", "dev"],
    ["mainline", "dev"],
    ["prd", "dev"],
    ["", "dev"],
])("branch %j deploys to %s, a stage that has a stack file", (branch, stage) => {
    const out = execFileSync("bash", [path.join(repoRoot, "scripts/stage-for-branch.sh"), branch], { encoding: "utf8" });
    expect(out.trim()).toBe(stage);
    expect(fs.existsSync(path.join(repoRoot, `infra/PulumiStack/Pulumi.${stage}.yaml`))).toBe(true);
});

// post_build, run the way CodeBuild runs a phase: one shell, commands in order, the first failing one ends it.
// In a sandbox laid out like the repository, with a sealed artifact and logging fakes of npm and pulumi.
interface PostBuild { status: number | null; output: string; calls: string[]; deployedTo: string[]; dir: string }

function runPostBuild(env: Record<string, string>, options: { pulumiUpFails?: boolean } = {}): PostBuild {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gistcloud-postbuild-")));
    for (const folder of ["scripts", "bin", "infra/PulumiStack", "artifacts/web"]) fs.mkdirSync(path.join(dir, folder), { recursive: true });
    for (const script of ["stage-for-branch.sh", "release.sh"]) fs.copyFileSync(path.join(repoRoot, "scripts", script), path.join(dir, "scripts", script));
    fs.writeFileSync(path.join(dir, "artifacts/sync.zip"), "sync");
    fs.writeFileSync(path.join(dir, "artifacts/api.zip"), "api");
    fs.writeFileSync(path.join(dir, "artifacts/web/index.html"), "<!doctype html>");
    const calls = path.join(dir, "calls.log");
    fakeTool(path.join(dir, "bin/npm"), calls);
    fakeTool(path.join(dir, "bin/pulumi"), calls, options.pulumiUpFails ? "up" : undefined);
    const baseEnv = { PATH: `${path.join(dir, "bin")}:${process.env.PATH}`, HOME: dir };
    execFileSync("bash", ["scripts/release.sh", "seal"], { cwd: dir, env: baseEnv, stdio: "pipe" });

    const script = commands("post_build").map(command => `${command}\nrc=$?; [[ $rc == 0 ]] || exit $rc\n`).join("");
    const result = spawnSync("bash", ["-c", script], {
        cwd: dir, encoding: "utf8",
        env: { ...baseEnv, PULUMI_BACKEND_URL: "s3://gistcloud-state", CODEBUILD_BUILD_SUCCEEDING: "1", ...env },
    });
    return {
        status: result.status,
        output: result.stdout + result.stderr,
        calls: fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n") : [],
        deployedTo: JSON.parse(fs.readFileSync(path.join(dir, "artifacts/release.json"), "utf8")).deployedTo,
        dir,
    };
}

/** A stand-in CLI that logs "name args @ cwd" and succeeds, or fails when its first argument is failOn. */
function fakeTool(file: string, log: string, failOn?: string): void {
    fs.writeFileSync(file, [
        "#!/bin/sh",
        `echo "$(basename "$0") $* @ $(pwd)" >> '${log}'`,
        failOn ? `[ "$1" = '${failOn}' ] && { echo "$(basename "$0") $1: failed" >&2; exit 1; }` : "",
        "exit 0",
        "",
    ].join("\n"), { mode: 0o755 });
}

test("a main build logs in to the backend from the environment, deploys stg from infra/PulumiStack and records it in release.json", () => {
    const run = runPostBuild({ CODEBUILD_WEBHOOK_HEAD_REF: "refs/heads/main", CODEBUILD_WEBHOOK_EVENT: "PUSH" });
    expect(run.status, run.output).toBe(0);
    const at = `@ ${run.dir}/infra/PulumiStack`;
    expect(run.calls).toEqual([
        `npm ci --no-audit --no-fund ${at}`,
        `pulumi login s3://gistcloud-state ${at}`,
        `pulumi up --yes --stack stg ${at}`,
    ]);
    expect(run.deployedTo).toEqual(["stg"]);
});

test("a pipeline build (no webhook ref, STAGE=stg on the action) deploys stg; another branch deploys dev", () => {
    const pipeline = runPostBuild({ CODEBUILD_SOURCE_VERSION: "arn:aws:s3:::artifacts/source.zip", STAGE: "stg" });
    expect(pipeline.status, pipeline.output).toBe(0);
    expect(pipeline.calls.at(-1)).toMatch(/^pulumi up --yes --stack stg /);
    const release = runPostBuild({ CODEBUILD_WEBHOOK_HEAD_REF: "refs/heads/release/1.4" });
    expect(release.calls.at(-1)).toMatch(/^pulumi up --yes --stack dev /);
    expect(release.deployedTo).toEqual(["dev"]);
});

test("a failed deploy fails the build and is not recorded in release.json", () => {
    const run = runPostBuild({ CODEBUILD_WEBHOOK_HEAD_REF: "refs/heads/main" }, { pulumiUpFails: true });
    expect(run.status).not.toBe(0);
    expect(run.calls.at(-1)).toMatch(/^pulumi up --yes --stack stg /);
    expect(run.deployedTo).toEqual([]);
});

test("does not deploy a failed build, a pull request, or STAGE=prd", () => {
    const failed = runPostBuild({ CODEBUILD_WEBHOOK_HEAD_REF: "refs/heads/main", CODEBUILD_BUILD_SUCCEEDING: "0" });
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain("build failed: not deploying");
    const pullRequest = runPostBuild({ CODEBUILD_WEBHOOK_HEAD_REF: "refs/heads/main", CODEBUILD_WEBHOOK_EVENT: "PULL_REQUEST_UPDATED" });
    expect(pullRequest.status).toBe(0);
    expect(pullRequest.output).toContain("pull request: tested and packaged, not deployed");
    const prd = runPostBuild({ CODEBUILD_WEBHOOK_HEAD_REF: "refs/heads/main", STAGE: "prd" });
    expect(prd.status).not.toBe(0);
    expect(prd.output).toMatch(REFUSAL);
    for (const run of [failed, pullRequest, prd]) {
        expect(run.calls).toEqual([]);
        expect(run.deployedTo).toEqual([]);
    }
});

test("reports the suites' TRX and JUnit files from TestResults", () => {
    expect(buildspec.reports.dotnet).toMatchObject({ "base-directory": "TestResults/dotnet", "file-format": "VisualStudioTrx" });
    expect(buildspec.reports.javascript).toMatchObject({ "base-directory": "TestResults/junit", "file-format": "JUNITXML" });
    expect(read("scripts/test.sh")).toContain("${RESULTS}/junit/infra.xml");
});

// Promotion (buildspec-promote.yml + scripts/promote.sh): deploys prd from a sealed artifact that stg runs.

test("the promote buildspec neither builds nor tests: it installs the Pulumi CLI and runs scripts/promote.sh", () => {
    const promote = PHASES.flatMap(phase => commandsOf(promoteBuildspec, phase));
    expect(promoteBuildspec.version).toBe(0.2);
    expect(promoteBuildspec.env.shell).toBe("bash");
    expect(promote.join("\n")).not.toMatch(/\bmake\b|\bdotnet\b|npm (test|run)|vitest|apt-get|package\.sh|test\.sh/);
    expect(commandsOf(promoteBuildspec, "build")).toEqual(["bash scripts/promote.sh"]);
    expect(promoteBuildspec.artifacts).toBeUndefined();
});

interface Promotion { status: number | null; output: string; calls: string[]; dir: string }

/** A sandbox laid out like the build's artifact, sealed by the real scripts/release.sh; deployedTo as given. */
function artifact(deployedTo: string[]): string {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gistcloud-artifact-")));
    for (const folder of ["scripts", "bin", "infra/PulumiStack", "artifacts/web/assets"]) fs.mkdirSync(path.join(dir, folder), { recursive: true });
    for (const script of ["promote.sh", "release.sh"]) fs.copyFileSync(path.join(repoRoot, "scripts", script), path.join(dir, "scripts", script));
    fs.writeFileSync(path.join(dir, "artifacts/sync.zip"), "sync zip bytes");
    fs.writeFileSync(path.join(dir, "artifacts/api.zip"), "api zip bytes");
    fs.writeFileSync(path.join(dir, "artifacts/web/index.html"), "<!doctype html><title>GistCloud</title>");
    fs.writeFileSync(path.join(dir, "artifacts/web/assets/index-Bx7Qk2aZ.js"), "console.log(1)");
    const env = { PATH: process.env.PATH, CODEBUILD_RESOLVED_SOURCE_VERSION: "0123abc", CODEBUILD_BUILD_ID: "gistcloud-build:42" };
    execFileSync("bash", ["scripts/release.sh", "seal"], { cwd: dir, env, stdio: "pipe" });
    for (const stage of deployedTo) execFileSync("bash", ["scripts/release.sh", "record-deploy", stage], { cwd: dir, env, stdio: "pipe" });
    return dir;
}

/** Runs the artifact's scripts/promote.sh from its root, as buildspec-promote.yml does, with fake npm and pulumi. */
function promote(dir: string, env: Record<string, string> = {}): Promotion {
    const calls = path.join(dir, "calls.log");
    fakeTool(path.join(dir, "bin/npm"), calls);
    fakeTool(path.join(dir, "bin/pulumi"), calls);
    const result = spawnSync("bash", ["scripts/promote.sh"], {
        cwd: dir, encoding: "utf8",
        env: { PATH: `${path.join(dir, "bin")}:${process.env.PATH}`, PULUMI_BACKEND_URL: "s3://gistcloud-state", ...env },
    });
    return {
        status: result.status,
        output: result.stdout + result.stderr,
        calls: fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n") : [],
        dir,
    };
}

test("seal writes checksums sha256sum accepts and a release record of the commit and build", () => {
    const dir = artifact([]);
    const sums = fs.readFileSync(path.join(dir, "artifacts/SHA256SUMS"), "utf8");
    expect(sums.trim().split("\n").map(line => line.slice(66))).toEqual(
        ["sync.zip", "api.zip", "web/assets/index-Bx7Qk2aZ.js", "web/index.html"]);
    execFileSync("sha256sum", ["--check", "--strict", "SHA256SUMS"], { cwd: path.join(dir, "artifacts"), stdio: "pipe" });
    const release = JSON.parse(fs.readFileSync(path.join(dir, "artifacts/release.json"), "utf8"));
    expect(release).toEqual({ commit: "0123abc", builtAt: expect.any(String), buildId: "gistcloud-build:42", deployedTo: [] });
    expect(Date.now() - Date.parse(release.builtAt)).toBeLessThan(60_000);
    execFileSync("bash", ["scripts/release.sh", "record-deploy", "stg"], { cwd: dir, stdio: "pipe" });
    execFileSync("bash", ["scripts/release.sh", "record-deploy", "stg"], { cwd: dir, stdio: "pipe" });
    expect(JSON.parse(fs.readFileSync(path.join(dir, "artifacts/release.json"), "utf8")).deployedTo).toEqual(["stg"]);
});

test("seal refuses an artifacts folder without the zips", () => {
    const dir = artifact([]);
    fs.rmSync(path.join(dir, "artifacts/api.zip"));
    const result = spawnSync("bash", ["scripts/release.sh", "seal"], { cwd: dir, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/api\.zip is missing \(run make package first\)/);
});

test("promote: an unchanged artifact that stg runs logs in, then deploys prd from infra/PulumiStack", () => {
    const run = promote(artifact(["stg"]));
    expect(run.status, run.output).toBe(0);
    const at = `@ ${run.dir}/infra/PulumiStack`;
    expect(run.calls).toEqual([
        `npm ci --no-audit --no-fund ${at}`,
        `pulumi login s3://gistcloud-state ${at}`,
        `pulumi up --yes --stack prd ${at}`,
    ]);
    expect(run.output).toContain("commit 0123abc, built ");
});

test("promote: TARGET_STAGE picks another stack", () => {
    const run = promote(artifact(["dev", "stg"]), { TARGET_STAGE: "prd-eu" });
    expect(run.status, run.output).toBe(0);
    expect(run.calls.at(-1)).toMatch(/^pulumi up --yes --stack prd-eu /);
});

test("promote: a tampered zip fails before any npm or pulumi call, naming the file", () => {
    const dir = artifact(["stg"]);
    fs.appendFileSync(path.join(dir, "artifacts/api.zip"), "!");
    const run = promote(dir);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/refusing to deploy prd: files differ from artifacts\/SHA256SUMS:\napi\.zip: FAILED/);
    expect(run.output).not.toContain("sync.zip: FAILED");
    expect(run.calls).toEqual([]);
});

test("promote: a listed file that is missing, or a site file nobody listed, fails before any call", () => {
    const missing = artifact(["stg"]);
    fs.rmSync(path.join(missing, "artifacts/web/assets/index-Bx7Qk2aZ.js"));
    const missingRun = promote(missing);
    expect(missingRun.status).not.toBe(0);
    expect(missingRun.output).toMatch(/web\/assets\/index-Bx7Qk2aZ\.js: FAILED open or read/);
    expect(missingRun.calls).toEqual([]);

    const extra = artifact(["stg"]);
    fs.writeFileSync(path.join(extra, "artifacts/web/injected.js"), "alert(1)");
    const extraRun = promote(extra);
    expect(extraRun.status).not.toBe(0);
    expect(extraRun.output).toMatch(/files in artifacts\/web that SHA256SUMS does not list:\nweb\/injected\.js/);
    expect(extraRun.calls).toEqual([]);
});

test("promote: an artifact stg does not run is refused", () => {
    for (const deployedTo of [[], ["dev"]]) {
        const run = promote(artifact(deployedTo));
        expect(run.status).not.toBe(0);
        expect(run.output).toMatch(/refusing to deploy prd: artifacts\/release\.json does not list stg in deployedTo/);
        expect(run.calls).toEqual([]);
    }
});

test("promote: an artifact without SHA256SUMS, or with one that does not list the zips, is refused", () => {
    const unsealed = artifact(["stg"]);
    fs.rmSync(path.join(unsealed, "artifacts/SHA256SUMS"));
    const unsealedRun = promote(unsealed);
    expect(unsealedRun.status).not.toBe(0);
    expect(unsealedRun.output).toMatch(/refusing to deploy prd: artifacts\/SHA256SUMS is missing/);
    expect(unsealedRun.calls).toEqual([]);

    // Checksums that still match, of the site only: the zips pulumi would upload are unchecked.
    const siteOnly = artifact(["stg"]);
    const sums = path.join(siteOnly, "artifacts/SHA256SUMS");
    fs.writeFileSync(sums, fs.readFileSync(sums, "utf8").split("\n").filter(line => line.includes("  web/")).join("\n") + "\n");
    const siteOnlyRun = promote(siteOnly);
    expect(siteOnlyRun.status).not.toBe(0);
    expect(siteOnlyRun.output).toMatch(/refusing to deploy prd: artifacts\/SHA256SUMS does not list sync\.zip/);
    expect(siteOnlyRun.calls).toEqual([]);
});
