import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Viewer, axeViolations, browserForFile, fakeUser, stack, track, uniqueLogin } from './harness';

// Sign-in on: the second API of the stack, against the local OpenID provider (tools/oidc-server) and its login page.
// The demo accounts (README): grace is in "admins", ada is a reader.
const grace = { username: 'grace', password: 'grace-admin-gists', name: 'Grace Hopper' };
const ada = { username: 'ada', password: 'ada-reads-gists', name: 'Ada Lovelace' };
type Account = typeof grace;

const browser = browserForFile('signin-');

/** A person in a fresh browser context on the sign-in API (own cookies and storage). */
const person = (): Promise<Viewer> => browser.open(undefined, stack.authApi);

/** On the provider's login page: fills the form and submits it. */
async function submitLogin(page: Page, account: Pick<Account, 'username' | 'password'>): Promise<void> {
  await page.waitForURL(`${stack.oidc}/interaction/**`);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens `path`, signs in through the provider's page, and waits to be back on `path` with the header's name. */
async function signIn(v: Viewer, account: Account, path = '/'): Promise<void> {
  await v.page.goto(path);
  await v.page.getByRole('button', { name: 'Sign in to GistCloud' }).click();
  await submitLogin(v.page, account);
  await v.page.waitForURL(`${stack.authApi}${path}`);
  await v.page.locator('.signed-in-as').waitFor();
}

/** The tokens oidc-client-ts keeps for this tab (sessionStorage), or null. */
function storedUser(page: Page): Promise<{ access_token: string; refresh_token?: string; expires_at: number } | null> {
  return page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
    return key ? JSON.parse(sessionStorage.getItem(key)!) : null;
  });
}

/** Changes the kept tokens in place (the next page load reads them). */
function editStoredUser(page: Page, change: string): Promise<void> {
  return page.evaluate((body) => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'))!;
    const user = JSON.parse(sessionStorage.getItem(key)!);
    new Function('user', body)(user);
    sessionStorage.setItem(key, JSON.stringify(user));
  }, change);
}

/** An API call made from the page (its origin), with this access token or none: the answer's status. */
function statusFromPage(page: Page, method: string, path: string, token: string | null, body?: unknown): Promise<number> {
  return page.evaluate(
    async ({ method, path, token, body }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return response.status;
    },
    { method, path, token, body },
  );
}

describe('signing in to GistCloud', () => {
  it('the admin signs in on the provider page, comes back to the page they started on, adds a user and starts a sync (both name them), with bearer tokens only', async () => {
    const login = uniqueLogin('signin-add');
    await fakeUser(login, ['First gist', 'Second gist']);
    const v = await person();
    const apiCalls: Request[] = [];
    v.page.on('request', (request) => request.url().includes('/api/') && apiCalls.push(request));

    await v.page.goto('/sync');
    expect(await v.page.getByRole('heading', { level: 1 }).textContent()).toBe('GistCloud');
    expect(await v.page.locator('nav[aria-label="Main"]').count()).toBe(0); // no pages before signing in
    await signIn(v, grace, '/sync');
    await v.page.getByRole('heading', { name: 'Sync', level: 1 }).waitFor();
    expect(await v.page.locator('.signed-in-as').textContent()).toBe('Signed in as Grace Hopper');

    await v.page.getByRole('link', { name: 'Users' }).click();
    await v.page.getByLabel('Add a GitHub user').fill(login);
    await v.page.getByLabel('Add a GitHub user').press('Enter');
    await expect.poll(() => v.page.locator('.notice').textContent()).toBe(`Now tracking ${login} (2 gists stored).`);
    expect(await v.page.locator('#admin-key').count()).toBe(0); // no key prompt with sign-in on

    await v.page.locator(`li[data-username="${login}"]`).getByRole('link', { name: `User ${login}` }).click();
    await v.page.locator('.added-by').waitFor();
    expect(await v.page.locator('.added-by').textContent()).toMatch(/^Added by Grace Hopper /);

    await v.page.getByRole('link', { name: 'Sync' }).click();
    await v.page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => v.page.locator('ol[aria-label="Recent sync runs"]').textContent()).toContain('started by Grace Hopper');
    await expect.poll(() => v.page.locator('ul.activity').textContent()).toContain(`Grace Hopper added ${login}`);
    expect(await v.page.locator('ul.activity').textContent()).toContain('Grace Hopper started a sync');

    const headers = await Promise.all(apiCalls.map((r) => r.allHeaders()));
    expect(headers.length).toBeGreaterThan(3);
    for (const h of headers) {
      expect(h.authorization).toMatch(/^Bearer ey/);
      expect(h['x-viewer-id']).toBeUndefined();
      expect(h['x-api-key']).toBeUndefined();
    }
    // Tokens live in this tab only; no viewer id is made.
    expect(await v.page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect((await storedUser(v.page))?.refresh_token).toBeTruthy();
  });

  it('"new" follows the person: a second browser signed in as the same person sees what the first marked seen', async () => {
    const login = uniqueLogin('signin-new');
    await fakeUser(login, ['One', 'Two', 'Three']);
    await track(login, stack.authApi);

    const first = await person();
    await signIn(first, ada, `/users/${login}`);
    await first.page.locator('.summary[data-new-count="3"]').waitFor();
    await first.page.locator('ul[aria-label="All gists"] .mark-seen').first().click();
    await first.page.locator('.summary[data-new-count="2"]').waitFor();

    const second = await person(); // another browser: no cookies, no storage in common
    await signIn(second, ada, `/users/${login}`);
    await second.page.locator('.summary[data-new-count="2"]').waitFor();
    expect(await second.page.locator('ul[aria-label="New gists"] > li').count()).toBe(2);

    const someoneElse = await person();
    await signIn(someoneElse, grace, `/users/${login}`);
    await someoneElse.page.locator('.summary[data-new-count="3"]').waitFor();
  });

  it('a reader sees the writes disabled with the reason, never the key prompt, and the API refuses a direct write (403)', async () => {
    const login = uniqueLogin('signin-reader');
    await fakeUser(login, ['Gist']);
    await track(login, stack.authApi);
    const v = await person();

    await signIn(v, ada);
    expect(await v.page.locator('.signed-in-as').textContent()).toBe('Signed in as Ada Lovelace');
    await v.page.locator(`li[data-username="${login}"]`).waitFor();
    expect(await v.page.getByLabel('Add a GitHub user').isDisabled()).toBe(true);
    expect(await v.page.getByRole('button', { name: 'Add', exact: true }).isDisabled()).toBe(true);
    expect(await v.page.locator('#new-username-message').textContent()).toBe('Only admins can add or remove users.');
    expect(await v.page.getByRole('button', { name: `Remove ${login}` }).isDisabled()).toBe(true);
    const found: Record<string, string[]> = { 'users list': await axeViolations(v.page) };

    await v.page.getByRole('link', { name: 'Sync' }).click();
    await v.page.getByRole('button', { name: 'Sync now' }).waitFor();
    expect(await v.page.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
    expect(await v.page.locator('#sync-reason').textContent()).toBe('Only admins can start a sync.');
    await v.page.emulateMedia({ colorScheme: 'dark' });
    found['sync page, dark'] = await axeViolations(v.page);
    expect(found).toEqual({ 'users list': [], 'sync page, dark': [] });

    const token = (await storedUser(v.page))!.access_token;
    expect(await statusFromPage(v.page, 'POST', '/api/users', token, { username: uniqueLogin('nope') })).toBe(403);
    expect(await statusFromPage(v.page, 'GET', '/api/users', token)).toBe(200);
    expect(await v.page.locator('#admin-key').count()).toBe(0);
  });

  it('an expired or refused access token is renewed with the refresh token, without signing in again', async () => {
    const v = await person();
    await signIn(v, ada);
    const first = (await storedUser(v.page))!;

    // Refused by the API (not a token it can check) but not expired to the app: the 401 makes it renew once.
    await editStoredUser(v.page, "user.access_token = 'not-a-token';");
    await v.page.reload();
    await v.page.locator('ul[aria-label="Tracked users"], .empty').first().waitFor();
    const renewed = (await storedUser(v.page))!;
    expect(renewed.access_token).not.toBe('not-a-token');
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(renewed.refresh_token).not.toBe(first.refresh_token); // the provider rotates it

    // About to expire: the automatic renewal runs ahead of expiry, with no request failing first.
    await editStoredUser(v.page, 'user.expires_at = Math.floor(Date.now() / 1000) + 31;');
    await v.page.reload();
    await expect.poll(async () => (await storedUser(v.page))!.access_token).not.toBe(renewed.access_token);
    expect(v.page.url()).toBe(`${stack.authApi}/`);
    expect(await v.page.locator('.signed-in-as').textContent()).toBe('Signed in as Ada Lovelace');
  });

  it('signing out returns to the sign-in screen; the page then gets 401 from the API, and the provider asks for the password again', async () => {
    const v = await person();
    await signIn(v, grace);
    await v.page.getByRole('button', { name: 'Sign out' }).click();

    await v.page.waitForURL(`${stack.authApi}/`);
    await v.page.getByRole('button', { name: 'Sign in to GistCloud' }).waitFor();
    expect(await storedUser(v.page)).toBeNull();
    expect(await statusFromPage(v.page, 'GET', '/api/users', null)).toBe(401);
    expect(await statusFromPage(v.page, 'GET', '/api/me', null)).toBe(401);

    await v.page.reload();
    await v.page.getByRole('button', { name: 'Sign in to GistCloud' }).click();
    await v.page.waitForURL(`${stack.oidc}/interaction/**`); // the provider's session ended too
    await v.page.getByLabel('Password').waitFor();
  });

  it('a wrong password shows the provider error; the sign-in screen and the login page pass axe', async () => {
    const v = await person();
    await v.page.goto('/');
    await v.page.getByRole('button', { name: 'Sign in to GistCloud' }).waitFor();
    const found: Record<string, string[]> = { 'sign-in screen': await axeViolations(v.page) };

    await v.page.getByRole('button', { name: 'Sign in to GistCloud' }).click();
    await v.page.waitForURL(`${stack.oidc}/interaction/**`);
    found['login page'] = await axeViolations(v.page);
    await submitLogin(v.page, { username: 'grace', password: 'not-her-password' });
    await v.page.getByRole('alert').waitFor();
    expect(await v.page.getByRole('alert').textContent()).toBe('Wrong username or password. Try again.');
    expect(v.page.url()).toContain(`${stack.oidc}/interaction/`);
    found['login page with the error'] = await axeViolations(v.page);
    expect(found).toEqual({ 'sign-in screen': [], 'login page': [], 'login page with the error': [] });

    await submitLogin(v.page, grace);
    await v.page.waitForURL(`${stack.authApi}/`);
    await v.page.locator('.signed-in-as').waitFor();
  });
});
