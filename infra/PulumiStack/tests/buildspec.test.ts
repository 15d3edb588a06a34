import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./harness";

// The pipeline must run what the README and CI run, then deploy the stage its branch maps to.

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
const buildspec = parse(read("buildspec.yml"));
const commands = (phase: string): string[] => buildspec.phases[phase]?.commands ?? [];
const all = ["install", "pre_build", "build", "post_build"].flatMap(commands);

test("is a version 0.2 buildspec with bash, .NET 10, Node 20 and the Pulumi CLI", () => {
    expect(buildspec.version).toBe(0.2);
    expect(buildspec.env.shell).toBe("bash");
    expect(buildspec.phases.install["runtime-versions"].nodejs).toBe(20);
    expect(all.join("\n")).toMatch(/dotnet-install\.sh .*--channel 10\.0/);
    expect(all.join("\n")).toMatch(/get\.pulumi\.com/);
});

test("runs the README's test command, which is also what CI runs", () => {
    const testCommand = "make test";
    expect(read("README.md")).toContain(testCommand);
    expect(read(".ci/run")).toMatch(/^make test$/m);
    expect(commands("build")).toContain(testCommand);
});

test("packages after testing, with the Makefile's package target", () => {
    expect(read("Makefile")).toMatch(/^package:.*\n\t\.\/scripts\/package\.sh$/m);
    const build = commands("build");
    expect(build.indexOf("make package")).toBeGreaterThan(build.indexOf("make test"));
});

test("logs in to the backend from the environment and deploys the branch's stage", () => {
    const deploy = commands("post_build").join("\n");
    expect(deploy).toContain('pulumi login "$PULUMI_BACKEND_URL"');
    expect(deploy).toMatch(/pulumi up --yes --stack "\$STAGE"/);
    expect(deploy).toMatch(/STAGE="\$\{STAGE:-\$\(scripts\/stage-for-branch\.sh "\$\{CODEBUILD_WEBHOOK_HEAD_REF:-\$CODEBUILD_SOURCE_VERSION\}"\)\}"/);
    expect(deploy.indexOf("pulumi login")).toBeLessThan(deploy.indexOf("pulumi up"));
    expect(deploy).toContain("cd infra/PulumiStack");
});

test("does not deploy a failed build or a pull request", () => {
    const deploy = commands("post_build").join("\n");
    expect(deploy).toContain('[[ "$CODEBUILD_BUILD_SUCCEEDING" == 1 ]]');
    expect(deploy).toMatch(/PULL_REQUEST_\*[\s\S]*not deployed[\s\S]*else[\s\S]*pulumi up/);
});

test.each([
    ["main", "stg"],
    ["refs/heads/main", "stg"],
    ["release/1.4", "prd"],
    ["refs/heads/release/2026-11", "prd"],
    ["feature/visits", "dev"],
    ["mainline", "dev"],
    ["", "dev"],
])("branch %j deploys to %s, a stage that has a stack file", (branch, stage) => {
    const out = execFileSync("bash", [path.join(repoRoot, "scripts/stage-for-branch.sh"), branch], { encoding: "utf8" });
    expect(out.trim()).toBe(stage);
    expect(fs.existsSync(path.join(repoRoot, `infra/PulumiStack/Pulumi.${stage}.yaml`))).toBe(true);
});

test("reports the suites' TRX and JUnit files from TestResults", () => {
    expect(buildspec.reports.dotnet).toMatchObject({ "base-directory": "TestResults/dotnet", "file-format": "VisualStudioTrx" });
    expect(buildspec.reports.javascript).toMatchObject({ "base-directory": "TestResults/junit", "file-format": "JUNITXML" });
    expect(read("scripts/test.sh")).toContain("${RESULTS}/junit/infra.xml");
});
