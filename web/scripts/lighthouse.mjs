#!/usr/bin/env node
// Lighthouse 12 on the web app as the demo serves it: starts scripts/e2e-stack.sh (DynamoDB Local in memory, the fakes,
// the real API serving web/dist), seeds a user with gists, then audits the users page and a user page with Debian's
// Chromium, desktop and mobile presets. Prints Performance / Accessibility / Best Practices / CLS per page and form
// factor, saves the final screenshots and the reports under web/lighthouse/ (gitignored), and exits 1 when a target
// is missed. Usage: node scripts/lighthouse.mjs [--skip-build]   (SKIP_WEB_BUILD=1 does the same)
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { launch } from 'chrome-launcher';

const Runs = 3;
const Targets = { performance: 95, accessibility: 100, 'best-practices': 100, maxCls: 0.05 };
const ChromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = fileURLToPath(new URL('../lighthouse/', import.meta.url));
mkdirSync(out, { recursive: true });

const stack = await startStack();
let failed = false;
try {
  const login = await seed(stack);
  const pages = [
    { name: 'users', url: `${stack.api}/` },
    { name: 'user', url: `${stack.api}/users/${login}` },
  ];
  const rows = [];
  const chrome = await launch({ chromePath: ChromePath, chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    for (const page of pages) {
      for (const formFactor of ['desktop', 'mobile']) {
        // The first load warms the API and DynamoDB Local (a cold JIT is no part of the app's speed). Then the median
        // of three runs by Performance score, as Lighthouse's docs advise for its run-to-run variance
        // (docs/variability.md): on a shared 2-core machine one run can catch another process's work.
        await audit(chrome.port, page.url, formFactor);
        const runs = [];
        for (let i = 0; i < Runs; i++) runs.push(await audit(chrome.port, page.url, formFactor));
        runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
        const median = runs[Math.floor(Runs / 2)];
        save(median.result, `${page.name}-${formFactor}`);
        console.log(`  ${page.name} ${formFactor}: Performance of the ${Runs} runs ${runs.map((r) => Math.round(r.categories.performance.score * 100)).join(', ')}`);
        rows.push(row(page.name, formFactor, median));
      }
    }
  } finally {
    await chrome.kill();
  }
  printTable(rows);
  failed = rows.some((r) => r.missed.length > 0);
  for (const r of rows) if (r.missed.length) console.error(`MISSED ${r.page} ${r.formFactor}: ${r.missed.join(', ')}`);
  console.log(`Screenshots and reports: ${out}`);
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);

async function audit(port, url, formFactor) {
  const flags = { port, output: 'html', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] };
  const config = formFactor === 'desktop' ? desktopConfig : undefined; // Lighthouse's default is the mobile preset
  const result = await lighthouse(url, flags, config);
  if (!result) throw new Error(`Lighthouse answered nothing for ${url}`);
  return Object.assign(result.lhr, { result });
}

/** The HTML report, the LHR as JSON and the final screenshot, named e.g. user-mobile. */
function save(result, saveAs) {
  writeFileSync(`${out}${saveAs}.html`, result.report);
  writeFileSync(`${out}${saveAs}.json`, JSON.stringify(result.lhr, (key, value) => (key === 'result' ? undefined : value)));
  const ms = (id) => Math.round(result.lhr.audits[id]?.numericValue ?? Number.NaN);
  console.log(`  ${saveAs}: FCP ${ms('first-contentful-paint')} ms, LCP ${ms('largest-contentful-paint')} ms, TBT ${ms('total-blocking-time')} ms, SI ${ms('speed-index')} ms`);
  const shot = result.lhr.audits['final-screenshot']?.details?.data;
  if (shot) writeFileSync(`${out}${saveAs}.jpg`, Buffer.from(shot.split(',')[1], 'base64'));
}

function row(page, formFactor, lhr) {
  const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const cls = lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN;
  const r = {
    page,
    formFactor,
    performance: score('performance'),
    accessibility: score('accessibility'),
    'best-practices': score('best-practices'),
    cls,
    missed: [],
  };
  for (const id of ['performance', 'accessibility', 'best-practices']) if (r[id] < Targets[id]) r.missed.push(`${id} ${r[id]} < ${Targets[id]}`);
  if (!(cls < Targets.maxCls)) r.missed.push(`CLS ${cls.toFixed(3)} >= ${Targets.maxCls}`);
  for (const id of ['accessibility', 'best-practices']) {
    if (r[id] < 100) {
      const failing = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && lhr.categories[id].auditRefs.some((ref) => ref.id === a.id && ref.weight > 0));
      for (const a of failing) r.missed.push(`  ${id}: ${a.id} (${a.title})`);
    }
  }
  return r;
}

function printTable(rows) {
  const header = ['Page', 'Form factor', 'Performance', 'Accessibility', 'Best Practices', 'CLS'];
  const lines = rows.map((r) => [r.page, r.formFactor, String(r.performance), String(r.accessibility), String(r['best-practices']), r.cls.toFixed(3)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

/** A user on the fake GitHub with a year of gists, tracked, synced (so every gist is published). */
async function seed({ api, control, apiKey }) {
  const login = `lighthouse-${Date.now().toString(36)}`;
  const call = async (method, url, body) => {
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
    return response;
  };
  await call('POST', `${control}_fake/github/users`, { login, name: 'Lighthouse Tester' });
  for (let i = 0; i < 8; i++) {
    await call('POST', `${control}_fake/github/users/${login}/gists`, { description: `Notes on topic ${i + 1}`, files: ['notes.md', 'run.sh'] });
  }
  await call('POST', `${api}/api/users`, { username: login });
  const { runId } = await (await call('POST', `${api}/api/sync`)).json();
  for (let i = 0; i < 120; i++) {
    const run = await (await fetch(`${api}/api/sync/runs/${runId}`)).json();
    if (run.outcome !== 'running' && run.outcome !== 'queued') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return login;
}

/** scripts/e2e-stack.sh in its own process group; resolves with its URLs once it prints E2E_READY. */
function startStack() {
  const env = { ...process.env };
  if (process.argv.includes('--skip-build')) env.SKIP_WEB_BUILD = '1';
  const child = spawn('bash', [`${root}scripts/e2e-stack.sh`], { detached: true, stdio: ['ignore', 'pipe', 'inherit'], env });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      process.kill(-child.pid, 'SIGTERM');
      setTimeout(() => child.exitCode === null && process.kill(-child.pid, 'SIGKILL'), 20_000).unref();
    });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const line = /^E2E_READY (.*)$/m.exec(buffer);
      if (line) {
        child.stdout.destroy();
        resolve({ ...JSON.parse(line[1]), stop });
      }
    });
    child.once('exit', (code) => reject(new Error(`scripts/e2e-stack.sh exited (${code}) before it was ready`)));
  });
}
