// What the browser tests share: Debian's Chromium through playwright-core, one "viewer" (browser context) per person,
// and direct calls to the API and to the fakes' control endpoints to arrange data and run syncs.
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import type { SyncRun } from '../src/api/types';

export const stack = inject('stack');
export const screenshots = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(screenshots, { recursive: true });

const ChromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ChromiumArgs });
}

/**
 * One Chromium for a test file, and the viewers its tests open: after each test a screenshot of the last page it
 * opened (named `prefix` + the test's name), then every viewer closes (failing on any console error).
 * Call at the top of the file; `open` gives a new viewer on `baseURL` (the sign-in-off API by default).
 */
export function browserForFile(prefix = ''): { open: (viewport?: { width: number; height: number }, baseURL?: string) => Promise<Viewer> } {
  let browser: Browser;
  let viewers: Viewer[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (context) => {
    const last = viewers.at(-1);
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await last?.page.screenshot({ path: `${screenshots}${prefix}${name}.png`, fullPage: true }).catch(() => undefined);
    const open = viewers;
    viewers = [];
    for (const viewer of open) await viewer.close();
  });
  return {
    open: async (viewport, baseURL) => {
      const opened = await Viewer.open(browser, viewport, baseURL);
      viewers.push(opened);
      return opened;
    },
  };
}

const axeSource = readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');

/** One person in their own browser context (own localStorage: own viewer id), with console errors collected. */
export class Viewer {
  readonly errors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(browser: Browser, viewport = { width: 1280, height: 900 }, baseURL = stack.api): Promise<Viewer> {
    const context = await browser.newContext({ viewport, baseURL });
    const viewer = new Viewer(context, await context.newPage());
    // Everything, avatars included, comes from this machine (the fake GitHub serves avatars): any other host is a bug.
    await context.route((url) => url.hostname !== '127.0.0.1', (route) => {
      viewer.errors.push(`request to another host: ${route.request().url()}`);
      return route.abort();
    });
    viewer.page.on('pageerror', (error) => viewer.errors.push(`page error: ${error.message}`));
    viewer.page.on('console', (message) => {
      // Chromium logs every 4xx answer as a failed resource; the API's 4xx problems are expected and shown by the app.
      const expectedProblem = /status of 4\d\d/.test(message.text()) && message.location().url.includes('/api/');
      if (message.type() === 'error' && !expectedProblem) viewer.errors.push(message.text());
    });
    return viewer;
  }

  /** Answers the admin key dialog (each new tab asks once). */
  async giveKey(): Promise<void> {
    const input = this.page.locator('#admin-key');
    await input.waitFor();
    await input.fill(stack.apiKey);
    await input.press('Enter');
  }

  /** A second tab of the same browser (same localStorage, so the same viewer id). */
  async newTab(): Promise<Page> {
    const page = await this.context.newPage();
    page.on('pageerror', (error) => this.errors.push(`page error: ${error.message}`));
    return page;
  }

  async close(): Promise<void> {
    expect(this.errors, 'console errors').toEqual([]);
    await this.context.close();
  }
}

async function call(method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

let sequence = 0;
/** A GitHub login no other test uses. */
export const uniqueLogin = (prefix: string) => `${prefix}-${Date.now().toString(36)}${sequence++}`;

/** A user on the fake GitHub with these gists (descriptions); answers the gist ids in the same order. */
export async function fakeUser(login: string, descriptions: string[]): Promise<string[]> {
  expect((await call('POST', `${stack.control}_fake/github/users`, { login, name: `User ${login}` })).status).toBe(201);
  return Promise.all(descriptions.map((description) => fakeGist(login, description)));
}

export async function fakeGist(login: string, description: string): Promise<string> {
  const response = await call('POST', `${stack.control}_fake/github/users/${login}/gists`, { description, files: ['notes.md', 'run.sh'] });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The next `count` Pipedrive activity creations are refused with `status`. */
export async function failPipedrive(count: number, status = 422): Promise<void> {
  expect((await call('POST', `${stack.control}_fake/pipedrive/faults`, { count, status, path: '/api/v2/activities' })).status).toBe(202);
}

/** The next GitHub GraphQL call (the sync's change probe) waits `milliseconds`: a run that lasts. */
export async function slowGitHub(milliseconds: number): Promise<void> {
  expect((await call('POST', `${stack.control}_fake/github/delays`, { path: '/graphql', milliseconds, count: 1 })).status).toBe(202);
}

/** POST /api/sync without waiting: the run's id. */
export async function startSync(): Promise<string> {
  const response = await call('POST', `${stack.api}/api/sync`);
  expect(response.status).toBe(202);
  return ((await response.json()) as { runId: string }).runId;
}

export async function track(login: string, api = stack.api): Promise<void> {
  const response = await call('POST', `${api}/api/users`, { username: login });
  expect(response.status, await response.clone().text()).toBe(201);
}

/** What the API answers to adding this name (its problem's detail when refused). */
export async function addUserProblem(name: string): Promise<string> {
  const response = await call('POST', `${stack.api}/api/users`, { username: name });
  return ((await response.json()) as { detail: string }).detail;
}

export async function userStatus(login: string): Promise<number> {
  return (await fetch(`${stack.api}/api/users/${login}`)).status;
}

/** Runs a sync now (POST /api/sync) and waits for it to finish. */
export async function syncNow(): Promise<SyncRun> {
  let response = await call('POST', `${stack.api}/api/sync`);
  for (let i = 0; response.status === 409 && i < 60; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    response = await call('POST', `${stack.api}/api/sync`);
  }
  expect(response.status).toBe(202);
  const { runId } = (await response.json()) as { runId: string };
  for (let i = 0; i < 120; i++) {
    const run = (await (await fetch(`${stack.api}/api/sync/runs/${runId}`)).json()) as SyncRun;
    if (run.outcome !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Sync run ${runId} did not finish.`);
}

/** axe-core's violations on the page as it is now (rule id, impact and the first few targets of each). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the site's CSP (script-src 'self') does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[]; passes: unknown[] };
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<Result> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    if (result.passes.length < 10) throw new Error(`axe-core checked only ${result.passes.length} rules: is the page there?`);
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** The viewer id a page keeps in localStorage. */
export async function viewerIdOf(page: Page): Promise<string> {
  return (await page.evaluate(() => localStorage.getItem('gistcloud.viewerId')))!;
}
