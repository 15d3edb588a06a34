import { describe, expect, it } from 'vitest';
import {
  Viewer, addUserProblem, browserForFile, failPipedrive, fakeGist, fakeUser, slowGitHub, stack, startSync, syncNow, track, uniqueLogin, userStatus,
} from './harness';

const browser = browserForFile();

const viewer = (viewport?: { width: number; height: number }): Promise<Viewer> => browser.open(viewport);

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
    expect(await page.locator('.summary').textContent()).toBe('All 3 gists are new to you; they are marked below.');
    expect(await page.locator('.profile .meta').nth(1).textContent()).toContain('3 gists');
    expect(await page.locator('ul[aria-label="All gists"] .files li').first().textContent()).toMatch(/notes\.md|run\.sh/);
  });

  it('new survives a reload and a second tab until marked seen; "Mark all as seen" then shows only later gists', async () => {
    const login = uniqueLogin('news');
    await fakeUser(login, ['Old one', 'Old two']);
    await track(login);
    const v = await viewer();
    const page = v.page;
    await page.goto(`/users/${login}`);
    await page.locator('.summary[data-new-count="2"]').waitFor();
    expect(await page.locator('.summary').textContent()).toBe('All 2 gists are new to you; they are marked below.');
    await page.locator('ul[aria-label="All gists"] > li').nth(1).waitFor(); // the gists arrive on their own
    expect(await page.locator('ul[aria-label="New gists"]').count()).toBe(0); // listed once, under All gists
    expect(await page.locator('ul[aria-label="All gists"] .new-badge').count()).toBe(2);

    await page.reload(); // opening the page used nothing up
    await page.locator('.summary[data-new-count="2"]').waitFor();
    await page.getByRole('button', { name: 'Mark all as seen' }).click();
    await page.locator('.summary[data-new-count="0"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-title');
    expect(await page.locator('.new [role="status"]').textContent()).toBe('Marked 2 gists as seen.');

    const added = [await fakeGist(login, 'Fresh one'), await fakeGist(login, 'Fresh two')];
    expect((await syncNow()).figures.gistsStored).toBeGreaterThanOrEqual(2);
    for (const open of [page, await v.newTab()]) {
      if (open === page) await page.reload();
      else await open.goto(`/users/${login}`);
      await open.locator('.summary[data-new-count="2"]').waitFor();
      expect(await open.locator('#new-title').textContent()).toBe('2 new');
      expect((await open.locator('ul[aria-label="New gists"] > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-gist-id')))).sort()).toEqual([...added].sort());
      const marked = () => open.locator('ul[aria-label="All gists"] > li.is-new').evaluateAll((items) => items.map((li) => li.getAttribute('data-gist-id')).sort());
      await expect.poll(marked).toEqual([...added].sort()); // the All list arrives on its own
    }
  });

  it('"Mark as seen" on one gist keeps the others new, in every tab, and moves focus to the next new gist', async () => {
    const login = uniqueLogin('one');
    const [first] = await fakeUser(login, ['Seen first']);
    await track(login);
    const v = await viewer();
    const page = v.page;
    await page.goto(`/users/${login}`);
    await page.getByRole('button', { name: 'Mark all as seen' }).click();
    await page.locator('.summary[data-new-count="0"]').waitFor();
    const added = [await fakeGist(login, 'New A'), await fakeGist(login, 'New B'), await fakeGist(login, 'New C')];
    await syncNow();
    await page.reload();
    await page.locator('.summary[data-new-count="3"]').waitFor();

    const ordered = await gistIds(v, 'New gists');
    const list = page.locator('ul[aria-label="New gists"]');
    await list.locator(`li[data-gist-id="${ordered[0]}"] .mark-seen`).click();
    await page.locator('.summary[data-new-count="2"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-gist-id'))).toBe(ordered[1]);
    expect(await page.locator('.new [role="status"]').textContent()).toMatch(/^Marked ".+" as seen\. 2 new left\.$/);
    expect(await gistIds(v, 'New gists')).toEqual(ordered.slice(1));
    expect(await page.locator(`ul[aria-label="All gists"] li[data-gist-id="${ordered[0]}"]`).getAttribute('class')).toBe('gist');

    const tab = await v.newTab();
    await tab.goto(`/users/${login}`);
    await tab.locator('.summary[data-new-count="2"]').waitFor();
    expect((await tab.locator('ul[aria-label="New gists"] > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-gist-id')))).sort()).toEqual(ordered.slice(1).sort());
    expect(added).toContain(ordered[0]);
    expect(ordered).not.toContain(first);
  });

  it('the users list shows "N new" per user for this viewer and when their last gist appeared', async () => {
    const login = uniqueLogin('counts');
    await fakeUser(login, ['One', 'Two', 'Three']);
    await track(login);
    const v = await viewer();
    const page = v.page;
    await page.goto('/');
    const row = page.locator(`li[data-username="${login}"]`);
    await expect.poll(() => row.locator('.new-badge').textContent()).toBe('3 new');
    expect(await row.locator('.count').textContent()).toBe('3 gists');
    expect(await row.locator('time.when').first().textContent()).toMatch(/^last gist (now|\d+ (seconds?|minutes?) ago)$/);
    expect(await row.locator('time.when').first().getAttribute('title')).toBeTruthy();

    await row.getByRole('link', { name: `User ${login}` }).click();
    await page.locator('.summary[data-new-count="3"]').waitFor();
    await page.locator('ul[aria-label="All gists"] .mark-seen').first().click();
    await page.locator('.summary[data-new-count="2"]').waitFor();
    await page.goBack();
    await expect.poll(() => page.locator(`li[data-username="${login}"] .new-badge`).textContent()).toBe('2 new');

    const other = await viewer(); // another browser: its own viewer, everything new
    await other.page.goto('/');
    await expect.poll(() => other.page.locator(`li[data-username="${login}"] .new-badge`).textContent()).toBe('3 new');
  });

  it('a second viewer sees every gist as new', async () => {
    const login = uniqueLogin('second');
    const old = await fakeUser(login, ['One', 'Two']);
    await track(login);
    const first = await viewer();
    await first.page.goto(`/users/${login}`);
    await first.page.getByRole('button', { name: 'Mark all as seen' }).click();
    await first.page.locator('.summary[data-new-count="0"]').waitFor();
    const fresh = await fakeGist(login, 'Three');
    await syncNow();

    const second = await viewer();
    await second.page.goto(`/users/${login}`);
    await second.page.locator('.summary[data-new-count="3"]').waitFor();
    await first.page.reload();
    await first.page.locator('.summary[data-new-count="1"]').waitFor();

    expect(await second.page.locator('.summary').textContent()).toBe('All 3 gists are new to you; they are marked below.');
    await expect.poll(() => second.page.locator('ul[aria-label="All gists"] > li.is-new').evaluateAll((items) => items.map((li) => li.getAttribute('data-gist-id')).sort())).toEqual([...old, fresh].sort());
    expect(await gistIds(first, 'New gists')).toEqual([fresh]);
  });

  it('a long "new" list shows a page and "Show more" follows GET …/new\'s cursor to the rest', async () => {
    const login = uniqueLogin('many');
    await fakeUser(login, ['Before']);
    await track(login);
    const v = await viewer();
    const page = v.page;
    await page.goto(`/users/${login}`);
    await page.getByRole('button', { name: 'Mark all as seen' }).click();
    await page.locator('.summary[data-new-count="0"]').waitFor();
    const all: string[] = [];
    for (let i = 0; i < 13; i++) all.push(await fakeGist(login, `Gist ${i + 1}`));
    await syncNow();

    await page.reload();
    await page.locator('.summary[data-new-count="13"]').waitFor();
    expect(await gistIds(v, 'New gists')).toHaveLength(10);
    const more = page.getByRole('button', { name: 'Show more new gists (10 of 13)' });
    const next = page.waitForRequest((r) => r.method() === 'GET' && /\/api\/users\/[^/]+\/new\?limit=10&cursor=/.test(r.url()));
    await more.click();
    await next;
    await expect.poll(() => gistIds(v, 'New gists').then((ids) => ids.length)).toBe(13);
    expect((await gistIds(v, 'New gists')).sort()).toEqual([...all].sort());
    expect(await page.getByRole('button', { name: /Show more new gists/ }).count()).toBe(0);
  });

  it('a viewer id kept from before (not a random UUID) is replaced, and new works', async () => {
    const login = uniqueLogin('legacy');
    await fakeUser(login, ['One']);
    await track(login);
    const v = await viewer();
    const page = v.page;
    await page.goto('/');
    await page.evaluate(() => localStorage.setItem('gistcloud.viewerId', 'viewer-1'));

    await page.goto(`/users/${login}`);
    await page.locator('.summary[data-new-count="1"]').waitFor();

    const kept = await page.evaluate(() => localStorage.getItem('gistcloud.viewerId'));
    expect(kept).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await page.reload();
    await page.locator('.summary[data-new-count="1"]').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('gistcloud.viewerId'))).toBe(kept);
  });

  it("an invalid name shows the server's message", async () => {
    const v = await viewer();
    const page = v.page;
    const input = page.getByLabel('Add a GitHub user');
    await page.goto('/');

    await input.focus();
    await page.keyboard.press('Tab'); // leaving the empty field flags nothing
    expect(await input.getAttribute('aria-invalid')).toBe('false');
    expect(await page.locator('#new-username-message').getAttribute('class')).toBe('hint');

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
    expect(await input.getAttribute('aria-invalid')).toBe('true'); // the server refused it
    await input.press('Backspace');
    expect(await input.getAttribute('aria-invalid')).toBe('false'); // an edit clears the refusal
  });

  it('removing a user removes them (keyboard only), then focus moves on and the removal is announced', async () => {
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
    await expect.poll(() => v.page.evaluate(() => document.activeElement?.matches('#users-title, li.user a.name') ?? false)).toBe(true);
    expect(await v.page.locator('.notice[role="status"]').textContent()).toBe(`Stopped tracking ${login}.`);
    await v.page.reload();
    await v.page.locator('ul[aria-label="Tracked users"]').waitFor();
    expect(await row.count()).toBe(0);
  });

  it('a failed Pipedrive publish shows its reason, attempt and retry; the sync run links to the gist', async () => {
    await syncNow(); // publishes what earlier tests left pending, so the injected failures hit this user's gists
    const login = uniqueLogin('failing');
    const ids = await fakeUser(login, ['Will fail', 'Will fail too']);
    await track(login);
    await failPipedrive(2);
    const run = await syncNow();
    expect(run.figures.gistsFailed).toBe(2);
    expect(run.failedGists?.map((f) => f.gistId).sort()).toEqual([...ids].sort());

    const v = await viewer();
    const page = v.page;
    await page.goto(`/users/${login}`);
    const failed = page.locator('ul[aria-label="All gists"] [data-publish="failed"]');
    await failed.nth(1).waitFor();

    expect(await failed.count()).toBe(2);
    expect(await failed.first().locator('.badge').textContent()).toBe('Pipedrive: Failed');
    expect(await failed.first().locator('.reason').textContent()).toContain('Pipedrive refused creating an activity (HTTP 422)');
    // The e2e stack allows one attempt (Pipedrive__MaxAttempts=1): the badge says so and that none follows.
    expect(await failed.first().locator('.attempts').textContent()).toBe(' Attempt 1 of 1 · no more automatic retries');

    // The sync page names the failed gists and links to each on its user's page.
    await page.goto('/sync');
    const entry = page.locator(`ol[aria-label="Recent sync runs"] li[data-run-id="${run.runId}"] [data-failed-gist="${ids[1]}"]`);
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Pipedrive refused creating an activity (HTTP 422)');
    await entry.getByRole('link').click();
    await page.waitForURL(`**/users/${login}#gist-${ids[1]}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-gist-id'))).toBe(ids[1]);
  });

  it('a published gist links to its person in Pipedrive, and a pending one says when the next sync publishes it', async () => {
    const login = uniqueLogin('published');
    await fakeUser(login, ['Goes out']);
    await track(login);
    const v = await viewer();
    await v.page.goto(`/users/${login}`);
    await v.page.locator('ul[aria-label="All gists"] [data-publish="pending"]').waitFor();
    expect(await v.page.locator('ul[aria-label="All gists"] [data-publish="pending"]').textContent()).toMatch(/^Pipedrive: Pending published by the next sync, in \d+ minutes$/);

    await syncNow();
    await v.page.reload();
    const published = v.page.locator('ul[aria-label="All gists"] [data-publish="published"]');
    await published.waitFor();
    const person = v.page.getByRole('link', { name: 'Person in Pipedrive', exact: true });
    expect(await person.getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/person\/\d+$/);
    // An activity has no page of its own in Pipedrive: its item links to the person it sits on.
    const item = published.getByRole('link', { name: /^item #\d+ \(on the person in Pipedrive\)$/ });
    expect(await item.getAttribute('href')).toBe(await person.getAttribute('href'));
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

  it('"Sync now" while a run is on says so in plain words, not the API\'s lease text', async () => {
    await syncNow(); // nothing else running
    await slowGitHub(5000);
    const runId = await startSync();
    const v = await viewer();
    await v.page.goto('/sync');
    await v.page.getByRole('button', { name: 'Sync now' }).click();
    await v.giveKey();

    await expect.poll(() => v.page.locator('.schedule .notice').textContent()).toMatch(/^A sync is already running; it started (now|\d+ seconds? ago)\. The list refreshes on its own\.$/);
    expect(await v.page.locator('.schedule').textContent()).not.toMatch(/lease/i);
    await expect.poll(async () => ((await (await fetch(`${stack.api}/api/sync/runs/${runId}`)).json()) as { outcome: string }).outcome, { timeout: 30_000 }).not.toBe('running');
  });

  it('the sync page folds quiet runs into one line and opens it on demand', async () => {
    await syncNow();
    await syncNow();
    await syncNow(); // nothing new since the first: the last two are quiet
    const v = await viewer();
    await v.page.goto('/sync');
    const quiet = v.page.locator('ol[aria-label="Recent sync runs"] > li.quiet').first();
    await quiet.waitFor();
    expect(Number(await quiet.getAttribute('data-quiet-runs'))).toBeGreaterThanOrEqual(2);
    expect(await quiet.locator('summary').textContent()).toMatch(/^\d+ runs, nothing new \(latest .+\)$/);
    expect(await quiet.locator('.quiet-runs').isVisible()).toBe(false);
    await quiet.locator('summary').click();
    expect(await quiet.locator('.quiet-runs > li').count()).toBe(Number(await quiet.getAttribute('data-quiet-runs')));
  });

  it('a user who is not tracked gets "Track this user", which adds them', async () => {
    const login = uniqueLogin('untracked');
    await fakeUser(login, ['Found later']);
    const v = await viewer();
    await v.page.goto(`/users/${login}`);
    await v.page.getByRole('button', { name: 'Track this user' }).click();
    await v.giveKey();
    await v.page.locator('.summary[data-new-count="1"]').waitFor();
    expect(await userStatus(login)).toBe(200);
  });

  it('a user page is readable on a phone', async () => {
    const login = uniqueLogin('phone');
    await fakeUser(login, ['A rather long description that has to wrap on a narrow screen without scrolling sideways']);
    await track(login);
    const { page } = await viewer({ width: 390, height: 844 });

    await page.goto(`/users/${login}`);
    await page.locator('ol.month-bars').waitFor();
    // Every month label at 12 px or more.
    const sizes = await page.locator('ol.month-bars .label').evaluateAll((labels) => labels.map((l) => parseFloat(getComputedStyle(l).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    expect(await page.locator('ol.month-bars li[aria-current="date"]').count()).toBe(1);
    // Remove stays a small button on a phone.
    await page.goto('/');
    const remove = page.locator(`li[data-username="${login}"] .row-actions > button`);
    await remove.waitFor();
    expect((await remove.boundingBox())!.width).toBeLessThan(150);

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
    // The avatar comes from the fake GitHub (allowed by the policy through GitHub__BaseUrl's origin) and shows.
    const avatar = page.locator('.profile img.avatar');
    expect(new URL((await avatar.getAttribute('src'))!).hostname).toBe('127.0.0.1');
    await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    const docs = await page.goto('/docs/');
    expect(docs!.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-[^']+';/);
    await page.getByText('Liveness: the process answers.').first().waitFor();
    // Scalar's bundled zod probes for eval with Function('') inside try/catch and falls back: that refusal is expected.
    const zodProbe = (violation: string) => violation.startsWith('script-src eval ') && violation.endsWith('/docs/scalar.js');
    expect((await violations(v)).filter((violation) => !zodProbe(violation))).toEqual([]);
    expect(v.errors.filter((error) => /Refused|violates/.test(error))).toEqual([]);
  });
});
