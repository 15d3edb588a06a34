import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Viewer, axeViolations, fakeGist, fakeUser, launchBrowser, screenshots, syncNow, track, uniqueLogin } from './harness';

// axe-core on every view of the app, in light and dark, on a desktop and a phone: 0 violations.
let browser: Browser;
let login: string;

beforeAll(async () => {
  browser = await launchBrowser();
  login = uniqueLogin('axe');
  await fakeUser(login, ['Seen gist', 'Another seen gist']);
  await track(login);
  await syncNow();
});

afterAll(async () => {
  await browser?.close();
});

const views: { name: string; path: () => string; ready: string }[] = [
  { name: 'users list', path: () => '/', ready: 'ul[aria-label="Tracked users"] > li' },
  { name: 'user page', path: () => `/users/${login}`, ready: 'ul[aria-label="All gists"] > li' },
  { name: 'not-tracked page', path: () => `/users/${login}-not-tracked`, ready: 'button:has-text("Track this user")' },
  { name: 'sync page', path: () => '/sync', ready: 'ol[aria-label="Recent sync runs"] > li' },
  { name: '404 page', path: () => '/no/such/page', ready: 'h1:has-text("Page not found")' },
];

const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

describe('axe-core finds no violation', () => {
  for (const [device, viewport] of Object.entries(viewports)) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`on every view, ${device}, ${scheme}`, async () => {
        const v = await Viewer.open(browser, viewport);
        try {
          await v.page.emulateMedia({ colorScheme: scheme });
          // The user page with some gists seen and some new: both lists, badges and buttons show.
          await v.page.goto(`/users/${login}`);
          await v.page.getByRole('button', { name: 'Mark all as seen' }).click();
          await v.page.locator('.summary[data-new-count="0"]').waitFor();
          await fakeGist(login, `New for ${device} ${scheme}`);
          await syncNow();

          const found: Record<string, string[]> = {};
          for (const view of views) {
            await v.page.goto(view.path());
            await v.page.locator(view.ready).first().waitFor();
            await v.page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
            found[view.name] = await axeViolations(v.page);
            const file = `axe-${view.name.replace(/\W+/g, '-')}-${device}-${scheme}.png`;
            await v.page.screenshot({ path: `${screenshots}${file}`, fullPage: true });
          }
          expect(found).toEqual(Object.fromEntries(views.map((view) => [view.name, []])));
        } finally {
          await v.close();
        }
      });
    }
  }
});
