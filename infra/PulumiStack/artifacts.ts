import * as fs from "fs";
import * as path from "path";

/** What `make package` leaves in artifacts/: the two Lambda zips and the built SPA. */
export interface Artifacts {
    syncZip: string;
    apiZip: string;
    webDir: string;
}

/** Finds the artifacts, or fails before anything is planned with a message that says how to make them. */
export function findArtifacts(dir: string): Artifacts {
    const root = path.resolve(__dirname, dir);
    const artifacts: Artifacts = {
        syncZip: path.join(root, "sync.zip"),
        apiZip: path.join(root, "api.zip"),
        webDir: path.join(root, "web"),
    };
    const missing = [artifacts.syncZip, artifacts.apiZip, path.join(artifacts.webDir, "index.html")]
        .filter(file => !fs.existsSync(file));
    if (missing.length > 0) {
        throw new Error(
            `GistCloud artifacts are missing: ${missing.join(", ")}. ` +
            "Run `make package` in the repository root first (it writes artifacts/sync.zip, artifacts/api.zip and artifacts/web/), " +
            "or point the artifactsDir config at a folder that has them.");
    }
    return artifacts;
}

/** Every file under dir, as paths relative to it with forward slashes (the S3 keys). */
export function listFiles(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter(entry => entry.isFile())
        .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
        .sort();
}
