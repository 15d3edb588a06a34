import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect, test } from "vitest";
import { deploy } from "./harness";

test("the stack exports the site and API URLs, the table names and the function names", async () => {
    const { outputs } = await deploy("stg");
    expect(outputs).toMatchObject({
        siteUrl: "https://d1234abcd.cloudfront.net",
        apiUrl: expect.stringMatching(/^https:\/\/.+\.execute-api\.eu-west-1\.amazonaws\.com\/$/),
        tableNames: {
            users: "gistcloud-stg-users",
            gists: "gistcloud-stg-gists",
            visits: "gistcloud-stg-visits",
            "sync-runs": "gistcloud-stg-sync-runs",
        },
        syncFunctionName: "gistcloud-stg-sync",
        apiFunctionName: "gistcloud-stg-api",
    });
});

test("missing artifacts stop the program with a message that says to run make package", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "gistcloud-empty-"));
    await expect(deploy("dev", config => { config["gistcloud:artifactsDir"] = empty; }))
        .rejects.toThrow(/artifacts are missing: .*sync\.zip.*api\.zip.*index\.html.*Run `make package`/);
});

test("a stage without an API key is refused (writes would be open)", async () => {
    await expect(deploy("dev", config => { delete config["gistcloud:apiKey"]; }))
        .rejects.toThrow(/no API key: pulumi config set --secret apiKey/);
});

test("a Pipedrive token without a Pipedrive URL is refused before anything is planned", async () => {
    await expect(deploy("dev", config => { config["gistcloud:pipedriveBaseUrl"] = ""; }))
        .rejects.toThrow(/pipedriveApiToken but not pipedriveBaseUrl/);
});

test("an unknown Pipedrive mode is refused", async () => {
    await expect(deploy("dev", config => { config["gistcloud:pipedriveMode"] = "lead"; }))
        .rejects.toThrow(/pipedriveMode/);
});
