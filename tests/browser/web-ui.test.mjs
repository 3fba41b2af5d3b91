// Browser test of the driftless web UI (issue 6): Playwright (playwright-core) drives the
// system's headless Chromium against the real binary.
//
// It seeds a store with `driftless demo --no-serve` (the bundled example, a campaign synced
// and proposed), gives the demo users passwords with `driftless user passwd`, starts
// `driftless serve` on a free port, then walks the loop a team walks:
//   dev logs in, opens the campaign, opens a violation, sees the highlighted lines and the
//   diff (screenshot kept in target/browser-artifacts/violation.png), requests an exception
//   (reason, expiry) and cannot approve it; sec logs in, approves it in the exceptions queue,
//   and the dashboard and the campaign count one more excepted violation.
// Every page must load without console errors, failed requests or CSP violations, and fit
// the window's width (1280 px, and 420 px at the end).
//
// Run from the repository root after `cargo build -p driftless`:
//   (cd tests/browser && npm ci && npm test)
// DRIFTLESS_BIN (default target/debug/driftless) and CHROMIUM_PATH (default
// /usr/bin/chromium) override the paths.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.DRIFTLESS_BIN ?? path.join(root, 'target/debug/driftless');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = path.join(root, 'target/browser-artifacts');

const PASSWORDS = { sec: 'browser-test-sec-1', dev: 'browser-test-dev-1' };
const REASON = 'Legacy agent needs IMDSv1 until Q3 <b>not bold</b> & "quoted"';

/** Seeds the store, sets passwords and starts `driftless serve`; returns its URL and a stop function. */
async function startServer(work) {
  const demoDir = path.join(work, 'demo');
  const dataDir = path.join(demoDir, 'campaign/.driftless');
  const env = {
    ...process.env,
    NO_COLOR: '1',
    DRIFTLESS_DATABASE_URL: `sqlite:${path.join(dataDir, 'driftless.db')}`,
    DRIFTLESS_DATA_DIR: dataDir,
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  delete env.DRIFTLESS_USER;
  delete env.DRIFTLESS_LISTEN;
  execFileSync(bin, ['demo', '--dir', demoDir, '--no-serve'], {
    cwd: work,
    env,
    stdio: ['ignore', fs.openSync(path.join(artifacts, 'demo.log'), 'w'), 'inherit'],
  });
  for (const [name, password] of Object.entries(PASSWORDS)) {
    execFileSync(bin, ['user', 'passwd', name, '--as', name], {
      cwd: work,
      env,
      input: `${password}\n`,
      stdio: ['pipe', 'ignore', 'inherit'],
    });
  }
  const log = fs.openSync(path.join(artifacts, 'server.log'), 'w');
  const server = spawn(bin, ['serve', '--listen', '127.0.0.1:0'], {
    cwd: work,
    env: { ...env, RUST_LOG: 'info' },
    stdio: ['ignore', 'pipe', log],
  });
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  const firstLine = await Promise.race([
    new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve)),
    exited.then(({ code, signal }) => {
      throw new Error(`driftless serve exited (${code ?? signal}); see ${artifacts}/server.log`);
    }),
  ]);
  const match = /http:\/\/[^/\s]+/.exec(firstLine);
  assert.ok(match, `no URL in ${JSON.stringify(firstLine)}`);
  return {
    url: match[0],
    async stop() {
      server.kill('SIGTERM');
      return exited;
    },
  };
}

/** Records what must not happen on any page: console errors, uncaught errors, failed requests, CSP violations. */
async function watch(context) {
  const problems = [];
  await context.exposeBinding('__driftlessCsp', ({ page }, v) => {
    problems.push(`CSP violation on ${page.url()}: ${v}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__driftlessCsp(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  context.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error on ${msg.page()?.url()}: ${msg.text()}`);
  });
  context.on('weberror', (e) => problems.push(`uncaught error: ${e.error().message}`));
  context.on('requestfailed', (r) => {
    // A navigation cancels what the page was still loading (the favicon): not a failure.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') {
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    }
  });
  context.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return problems;
}

/** Checks a page loaded cleanly: no problem so far and no horizontal overflow. */
async function assertClean(page, problems) {
  assert.deepEqual(problems, [], `problems so far (at ${page.url()})`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${page.url()} is ${overflow}px wider than the window`);
}

async function login(page, base, name) {
  await page.goto(`${base}/`);
  assert.match(new URL(page.url()).pathname, /^\/login/, 'a page without a session goes to the login form');
  const form = page.locator('form[name=login]');
  await form.locator('input[name=username]').fill(name);
  await form.locator('input[name=password]').fill(PASSWORDS[name]);
  await Promise.all([page.waitForURL(`${base}/`), form.locator('button[type=submit]').click()]);
  assert.match(await page.locator('#current-user').innerText(), new RegExp(`^${name} `));
}

async function logout(page, base) {
  await Promise.all([
    page.waitForURL(/\/login/),
    page.locator('form[name=logout] button[type=submit]').click(),
  ]);
  await page.goto(`${base}/`);
  assert.match(new URL(page.url()).pathname, /^\/login/, 'logged out');
}

/** The counts of a campaign as shown on the page: {open: 3, excepted: 0, ...}. */
async function counts(scope) {
  const entries = await scope
    .locator('dl.counts dd[data-count]')
    .evaluateAll((dds) => dds.map((dd) => [dd.dataset.count, Number(dd.textContent.trim())]));
  return Object.fromEntries(entries);
}

test('developer requests an exception, security approves it, the counts change', { timeout: 180_000 }, async (t) => {
  assert.ok(fs.existsSync(bin), `${bin} is missing: run \`cargo build -p driftless\` first`);
  assert.ok(fs.existsSync(chromiumPath), `${chromiumPath} is missing: install Debian's chromium`);
  fs.mkdirSync(artifacts, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'driftless-browser-'));
  const server = await startServer(work);
  const base = server.url;
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  t.after(async () => {
    await browser.close();
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  const problems = await watch(context);
  const page = await context.newPage();
  let violationUrl;
  let before;
  // The steps build on each other: after a failed one, the rest are skipped.
  let failed = false;
  const step = (name, fn) =>
    t.test(name, { skip: failed && 'an earlier step failed' }, async () => {
      try {
        await fn();
      } catch (e) {
        failed = true;
        await page.screenshot({ path: path.join(artifacts, 'failure.png'), fullPage: true }).catch(() => {});
        throw e;
      }
    });

  await step('a developer logs in and sees the dashboard', async () => {
    await login(page, base, 'dev');
    const card = page.locator('#campaign-baseline');
    await card.waitFor();
    before = await counts(card);
    assert.ok(before.open + before.fix_proposed > 0, JSON.stringify(before));
    assert.equal(await card.locator('figure.burndown svg').count(), 1, 'the burndown chart');
    await assertClean(page, problems);
  });

  await step('opens the campaign: counts and the violations table', async () => {
    await page.locator('#campaign-baseline h2 a').click();
    await page.waitForURL(`${base}/campaigns/baseline`);
    assert.match(await page.locator('h1').innerText(), /Campaign baseline/);
    assert.deepEqual(await counts(page), before, 'the campaign page counts as the dashboard does');
    assert.ok((await page.locator('#violations tr.violation').count()) > 5);
    await assertClean(page, problems);
  });

  await step('filters the table by severity', async () => {
    const filter = page.locator('form[name=filter]');
    await filter.locator('input[name=severity][value=high]').check();
    await Promise.all([page.waitForURL(/severity=high/), filter.locator('button[type=submit]').click()]);
    const severities = await page.locator('#violations tr.violation td.severity').allTextContents();
    assert.ok(severities.length > 0);
    assert.deepEqual([...new Set(severities.map((s) => s.trim()))], ['high']);
    await assertClean(page, problems);
  });

  await step('opens a violation: the highlighted lines, the rule at the line, the diff', async () => {
    const row = page
      .locator('#violations tr.violation')
      .filter({ has: page.locator('td.rule', { hasText: /^aws-ec2-imdsv2-required$/ }) })
      .first();
    const id = await row.getAttribute('data-id');
    await row.locator('td.id a').click();
    violationUrl = `${base}/violations/${id}`;
    await page.waitForURL(violationUrl);
    assert.match(await page.locator('dd.rule-id').innerText(), /aws-ec2-imdsv2-required/);

    const highlighted = page.locator('#code tr.line.highlight');
    assert.ok((await highlighted.count()) >= 1, 'the offending lines are marked');
    await highlighted.first().waitFor({ state: 'visible' });
    assert.match(await highlighted.first().innerText(), /aws_instance|metadata_options|http_tokens/);
    const marked = await highlighted.first().evaluate((tr) => getComputedStyle(tr).backgroundColor);
    const plain = await page.locator('#code tr.line:not(.highlight)').first().evaluate((tr) => getComputedStyle(tr).backgroundColor);
    assert.notEqual(marked, plain, 'the highlighted lines look different');
    assert.ok((await page.locator('#code td.src span').count()) > 0, 'the code is syntax-highlighted');

    const explanation = page.locator('#explanation');
    await explanation.waitFor({ state: 'visible' });
    assert.match(await explanation.innerText(), /aws-ec2-imdsv2-required/);

    const diff = page.locator('pre.diff');
    await diff.waitFor({ state: 'visible' });
    assert.ok((await diff.locator('.diff-line.add').count()) >= 1, 'the diff adds a line');
    assert.match(await diff.locator('.diff-line.add').allInnerTexts().then((l) => l.join('\n')), /required/);
    const added = await diff.locator('.diff-line.add').first().evaluate((s) => getComputedStyle(s).backgroundColor);
    assert.notEqual(added, 'rgba(0, 0, 0, 0)', 'added lines are coloured');
    const gaps = await diff.locator('.diff-line').evaluateAll((spans) =>
      spans.slice(1).map((s, i) => s.getBoundingClientRect().top - spans[i].getBoundingClientRect().bottom),
    );
    assert.ok(gaps.every((g) => Math.abs(g) < 1), `diff lines follow each other without blank lines: ${gaps}`);
    await assertClean(page, problems);

    await page.screenshot({ path: path.join(artifacts, 'violation.png'), fullPage: true });
  });

  await step('requests an exception with a reason and an expiry', async () => {
    const form = page.locator('form[name=request-exception]');
    await form.locator('textarea[name=reason]').fill(REASON);
    const expires = form.locator('input[name=expires]');
    const max = await expires.getAttribute('max');
    assert.match(max, /^\d{4}-\d{2}-\d{2}$/);
    const expiry = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await expires.fill(expiry);
    await Promise.all([page.waitForURL(/done=requested/), form.locator('button[type=submit]').click()]);
    await assertClean(page, problems);
    assert.match(await page.locator('p.flash.done').innerText(), /.+/);
    const exception = page.locator('section.exceptions article.exception').first();
    assert.match(await exception.locator('.state').innerText(), /requested/);
    assert.match(await exception.locator('.meta').innerText(), new RegExp(`until ${expiry}`));
    assert.equal(await exception.locator('blockquote.reason').innerText(), REASON, 'the reason is shown as text');
    assert.equal(await exception.locator('blockquote.reason b').count(), 0, 'no markup from the reason');
    assert.equal(await page.locator('form[name=request-exception]').count(), 0, 'one pending request at a time');
  });

  await step('a developer cannot approve it', async () => {
    await page.goto(`${base}/exceptions`);
    assert.equal(await page.locator('#requested article.exception').count(), 1);
    assert.equal(await page.locator('form[name=approve], form[name=deny]').count(), 0);
    await assertClean(page, problems);
    await logout(page, base);
  });

  await step('security approves it in the exceptions queue', async () => {
    await login(page, base, 'sec');
    assert.match(await page.locator('p.flash a[href="/exceptions"]').innerText(), /1 exception request/);
    await page.locator('nav a[href="/exceptions"]').click();
    await page.waitForURL(`${base}/exceptions`);
    const request = page.locator('#requested article.exception').first();
    assert.equal(await request.locator('blockquote.reason').innerText(), REASON);
    const approve = request.locator('form[name=approve]');
    await approve.locator('input[name=note]').fill('until the agent upgrade');
    await Promise.all([page.waitForURL(/\/exceptions/), approve.locator('button[type=submit]').click()]);
    await page.locator('#decided article.exception').first().waitFor();
    assert.match(await page.locator('#decided article.exception .state').first().innerText(), /approved/);
    assert.equal(await page.locator('#requested article.exception').count(), 0);
    await assertClean(page, problems);
  });

  await step('the dashboard and the campaign count one more excepted violation', async () => {
    await page.goto(`${base}/`);
    const after = await counts(page.locator('#campaign-baseline'));
    assert.equal(after.excepted, before.excepted + 1, `excepted: ${JSON.stringify({ before, after })}`);
    assert.equal(after.open + after.fix_proposed, before.open + before.fix_proposed - 1);
    await page.goto(`${base}/campaigns/baseline`);
    assert.deepEqual(await counts(page), after);
    await page.goto(violationUrl);
    assert.equal((await page.locator('#status').innerText()).trim(), 'excepted');
    await assertClean(page, problems);
  });

  await step('every page fits a phone-sized window', async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    for (const p of ['/', '/campaigns/baseline', new URL(violationUrl).pathname, '/exceptions', '/me/violations']) {
      await page.goto(`${base}${p}`);
      await assertClean(page, problems);
    }
  });
});
