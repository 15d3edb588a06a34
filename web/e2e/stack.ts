// Vitest globalSetup for the browser tests: starts scripts/e2e-stack.sh (DynamoDB Local in memory, the fakes, the
// real API serving web/dist, and the local OpenID provider with a second API that has sign-in on, each on a free
// port) once for the run, hands its URLs to the tests, and stops it after.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export interface Stack {
  /** The API with sign-in off (the admin key guards writes): most browser tests. */
  api: string;
  /** A second API, sign-in on against `oidc` (same DynamoDB Local and fakes, its own tables): the sign-in tests. */
  authApi: string;
  /** The local OpenID provider's issuer (tools/oidc-server). */
  oidc: string;
  control: string;
  apiKey: string;
  logs: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: Stack;
  }
}

const script = fileURLToPath(new URL('../../scripts/e2e-stack.sh', import.meta.url));
const StartTimeoutMs = 6 * 60_000; // builds the API, the fakes and the web app first

export default async function setup(project: TestProject) {
  const child = spawn('bash', [script], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  process.once('exit', () => child.exitCode === null && child.pid && process.kill(-child.pid, 'SIGTERM')); // vitest killed
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  try {
    project.provide('stack', await ready(child, output));
    child.stdout!.destroy(); // nothing more to read; open pipes would keep vitest from exiting
    child.stderr!.destroy();
  } catch (error) {
    stop(child);
    throw new Error(`${(error as Error).message}\n${output.join('')}`);
  }
  return () => stop(child);
}

function ready(child: ChildProcess, output: string[]): Promise<Stack> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The e2e stack did not start in time.')), StartTimeoutMs);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      output.push(chunk.toString());
      const line = /^E2E_READY (.*)$/m.exec(buffer);
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line[1]!) as Stack);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The e2e stack exited (${code}) before it was ready.`));
    });
  });
}

/** SIGTERM to the script's process group; its trap stops DynamoDB Local, the fakes and the API. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, 20_000, 'timeout')));
  if ((await Promise.race([exited, timeout])) === 'timeout') process.kill(-child.pid, 'SIGKILL');
  clearTimeout(timer);
}
