import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Viewer, addUserProblem, failPipedrive, fakeGist, fakeUser, launchBrowser, screenshots, syncNow, track, uniqueLogin, userStatus,
} from './harness';

let browser: Browser;
let viewers: Viewer[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

// A screenshot of the last page each test opened, then every viewer closes (failing on any console error).
afterEach(async (context) => {
  const last = viewers.at(-1);
  const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  await last?.page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true }).catch(() => undefined);
  const open = viewers;
  viewers = [];
  for (const viewer of open) await viewer.close();
});

async function viewer(viewport?: { width: number; height: number }): Promise<Viewer> {
  const opened = await Viewer.open(browser, viewport);
  viewers.push(opened);
  return opened;
}

const gistIds = (v: Viewer, list: string) => v.page.locator(`ul[aria-label="${list}"] > li`).evaluateAll((items) => items.map((li) => li.getAttribute('data-gist-id')));

describe('GistCloud in a browser', () => {
  it('adding a user shows their gists', async () => {
    const login = uniqueLogin('adds');
    await fakeUser(login, ['First <b>gist</b>', 'Second gist', 'Third gist']);
    const v = await viewer();
    const page = v.page;

    await page.goto('/');
    await page.getByLabel('Add a GitHub user').fill(login);
    await page.getByLabel('Add a GitHub user').press('Enter');
    await v.giveKey();

    await expect.poll(() => page.locator('.notice').textContent()).toBe(`Now tracking ${login} (3 gists stored).`);
    const row = page.locator(`li[data-username="${login}"]`);
    await expect.poll(() => row.textContent()).toContain('3 gists');
    await row.getByRole('link', { name: `User ${login}` }).click();

    await page.waitForURL(`**/users/${login}`);
    await page.locator('ul[aria-label="All gists"] > li').nth(2).waitFor();
    const titles = await page.locator('ul[aria-label="All gists"] h3').allTextContents();
    expect(titles.sort()).toEqual(['First <b>gist</b>', 'Second gist', 'Third gist']); // markup shown as text
    expect(await page.locator('.summary').textContent()).toBe('Your first visit: all 3 gists are new to you.');
    expect(await page.locator('ul[aria-label="All gists"] .files li').first().textContent()).toMatch(/notes\.md|run\.sh/);
  });

  it('after a sync, a reload shows exactly the new gists under "New since your last visit"', async () => {
    const login = uniqueLogin('news');
    await fakeUser(login, ['Old one', 'Old two']);
    await track(login);
    const v = await viewer();
    const page = v.page;
    await page.goto(`/users/${login}`);
    await page.locator('[data-new-count="2"]').waitFor();

    const added = [await fakeGist(login, 'Fresh one'), await fakeGist(login, 'Fresh two')];
    expect((await syncNow()).figures.gistsStored).toBeGreaterThanOrEqual(2);
    await page.reload();

    await page.locator('.summary[data-new-count]').waitFor();
    expect(await page.locator('.summary').getAttribute('data-new-count')).toBe('2');
    expect((await gistIds(v, 'New gists')).sort()).toEqual([...added].sort());
    await page.reload();
    await page.getByText('Nothing new since your last visit').waitFor();
  });

  it('a second viewer sees every gist as new', async () => {
    const login = uniqueLogin('second');
    const old = await fakeUser(login, ['One', 'Two']);
    await track(login);
    const first = await viewer();
    await first.page.goto(`/users/${login}`);
    await first.page.locator('[data-new-count="2"]').waitFor();
    const fresh = await fakeGist(login, 'Three');
    await syncNow();

    const second = await viewer();
    await second.page.goto(`/users/${login}`);
    await second.page.locator('.summary[data-new-count]').waitFor();
    await first.page.reload();
    await first.page.locator('.summary[data-new-count]').waitFor();

    expect(await second.page.locator('.summary').textContent()).toBe('Your first visit: all 3 gists are new to you.');
    expect((await gistIds(second, 'New gists')).sort()).toEqual([...old, fresh].sort());
    expect(await gistIds(first, 'New gists')).toEqual([fresh]);
  });

  it('a long "new" list shows a page and "Show more" follows the visit\'s cursor to the rest', async () => {
    const login = uniqueLogin('many');
    const all = await fakeUser(login, Array.from({ length: 13 }, (_, i) => `Gist ${i + 1}`));
    await track(login);
    const v = await viewer();
    const page = v.page;

    await page.goto(`/users/${login}`);
    await page.locator('[data-new-count="13"]').waitFor();
    expect(await page.locator('.summary').textContent()).toBe('Your first visit: all 13 gists are new to you.');
    expect(await gistIds(v, 'New gists')).toHaveLength(10);
    const more = page.getByRole('button', { name: 'Show more (10 of 13)' });

    const replay = page.waitForRequest((r) => r.method() === 'GET' && /\/api\/users\/[^/]+\/visits\/[0-9a-f]{32}\?limit=10&cursor=/.test(r.url()));
    await more.click();
    await replay;
    await expect.poll(() => gistIds(v, 'New gists').then((ids) => ids.length)).toBe(13);
    expect((await gistIds(v, 'New gists')).sort()).toEqual([...all].sort());
    expect(await page.getByRole('button', { name: /Show more \(/ }).count()).toBe(0);
  });

  it('a viewer id kept from before (not a random UUID) is replaced, and the visit works', async () => {
    const login = uniqueLogin('legacy');
    await fakeUser(login, ['One']);
    await track(login);
    const v = await viewer();
    const page = v.page;
    await page.goto('/');
    await page.evaluate(() => localStorage.setItem('gistcloud.viewerId', 'viewer-1'));

    await page.goto(`/users/${login}`);
    await page.locator('[data-new-count="1"]').waitFor();

    const kept = await page.evaluate(() => localStorage.getItem('gistcloud.viewerId'));
    expect(kept).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await page.reload();
    await page.getByText('Nothing new since your last visit').waitFor();
  });

  it("an invalid name shows the server's message", async () => {
    const v = await viewer();
    const page = v.page;
    const input = page.getByLabel('Add a GitHub user');
    await page.goto('/');

    await input.fill('bad--name');
    await input.press('Enter');
    expect(await page.locator('#new-username-message').textContent()).toBe(await addUserProblem('bad--name'));
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    const ghost = uniqueLogin('ghost');
    await input.fill(ghost);
    await input.press('Enter');
    await v.giveKey();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe(`GitHub has no user '${ghost}'.`);
  });

  it('removing a user removes them (keyboard only)', async () => {
    const login = uniqueLogin('gone');
    await fakeUser(login, ['Bye']);
    await track(login);
    const v = await viewer();
    await v.page.goto('/');
    const row = v.page.locator(`li[data-username="${login}"]`);

    await row.getByRole('button', { name: `Remove ${login}` }).focus();
    await v.page.keyboard.press('Enter');
    await row.getByRole('button', { name: 'Keep' }).waitFor();
    expect(await v.page.evaluate(() => document.activeElement?.textContent)).toBe('Keep');
    await v.page.keyboard.press('Shift+Tab');
    await v.page.keyboard.press('Enter');
    await v.giveKey();

    await row.waitFor({ state: 'detached' });
    expect(await userStatus(login)).toBe(404);
    await v.page.reload();
    await v.page.locator('ul[aria-label="Tracked users"]').waitFor();
    expect(await row.count()).toBe(0);
  });

  it('a failed Pipedrive publish shows its badge and reason', async () => {
    await syncNow(); // publishes what earlier tests left pending, so the injected failures hit this user's gists
    const login = uniqueLogin('failing');
    await fakeUser(login, ['Will fail', 'Will fail too']);
    await track(login);
    await failPipedrive(2);
    expect((await syncNow()).figures.gistsFailed).toBe(2);

    const { page } = await viewer();
    await page.goto(`/users/${login}`);
    const failed = page.locator('ul[aria-label="All gists"] [data-publish="failed"]');
    await failed.nth(1).waitFor();

    expect(await failed.count()).toBe(2);
    expect(await failed.first().locator('.badge').textContent()).toBe('Pipedrive: Failed');
    expect(await failed.first().locator('.reason').textContent()).toContain('Pipedrive refused creating an activity (HTTP 422)');
  });

  it('the sync page lists runs, and "Sync now" starts one', async () => {
    const v = await viewer();
    await v.page.goto('/sync');
    await v.page.getByRole('button', { name: 'Sync now' }).click();
    await v.giveKey();

    await expect.poll(() => v.page.locator('.schedule .notice').textContent(), { timeout: 30_000 }).toMatch(/^Sync completed: \d+ new gists\.$/);
    await expect.poll(() => v.page.locator('ol[aria-label="Recent sync runs"] > li').count()).toBeGreaterThan(0);
    expect(await v.page.locator('.schedule').textContent()).toContain('This API runs the sync every 1 h.');
  });

  it('a user page is readable on a phone', async () => {
    const login = uniqueLogin('phone');
    await fakeUser(login, ['A rather long description that has to wrap on a narrow screen without scrolling sideways']);
    await track(login);
    const { page } = await viewer({ width: 390, height: 844 });

    await page.goto(`/users/${login}`);
    await page.locator('svg.bars').waitFor();

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('time to data: the first page shows tracked users', async () => {
    const login = uniqueLogin('timed');
    await fakeUser(login, ['Timed']);
    await track(login);
    const { page } = await viewer();

    const started = Date.now();
    await page.goto('/');
    await page.locator('ul[aria-label="Tracked users"] > li').first().waitFor();
    const wall = Date.now() - started;
    const mark = await page.evaluate(() => performance.getEntriesByName('gistcloud:data')[0]?.startTime ?? -1);

    console.log(`time to data: ${Math.round(mark)} ms after navigation start (${wall} ms from goto to the list visible)`);
    expect(mark).toBeGreaterThan(0);
  });
});

describe('under the Content-Security-Policy', () => {
  // Every violation the page sees, whether or not Chromium also logs it to the console.
  const recordViolations = (v: Viewer) =>
    v.page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));
    });
  const violations = (v: Viewer) => v.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

  it('the app, a deep link with avatars and /docs load with no violation', async () => {
    const login = uniqueLogin('csp');
    await fakeUser(login, ['Under policy']);
    await track(login);
    const v = await viewer();
    await recordViolations(v);
    const page = v.page;

    const home = await page.goto('/');
    expect(home!.headers()['content-security-policy']).toContain("script-src 'self';");
    await page.locator(`li[data-username="${login}"]`).waitFor();
    expect(await violations(v)).toEqual([]);

    const deepLink = await page.goto(`/users/${login}`);
    expect(deepLink!.headers()['content-security-policy']).toContain('img-src');
    await page.locator('ul[aria-label="All gists"] > li').first().waitFor();
    expect(await violations(v)).toEqual([]);

    const docs = await page.goto('/docs/');
    expect(docs!.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-[^']+';/);
    await page.getByText('Liveness: the process answers.').first().waitFor();
    // Scalar's bundled zod probes for eval with Function('') inside try/catch and falls back: that refusal is expected.
    const zodProbe = (violation: string) => violation.startsWith('script-src eval ') && violation.endsWith('/docs/scalar.js');
    expect((await violations(v)).filter((violation) => !zodProbe(violation))).toEqual([]);
    expect(v.errors.filter((error) => /Refused|violates/.test(error))).toEqual([]);
  });
});
