// The terminal as a learner uses it: a watch that keeps printing as the simulated clock plays and stops on
// Ctrl-C (and reads the same after a reload, which replays the session), Tab completion of commands, kinds
// and object names with bash's listing, Ctrl-L, the copy button of a command.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, shot, typeLine as run } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const entry = (page, line) => page.locator('.term-out .entry').filter({
  has: page.locator('.cmd', { hasText: new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
});

test('a watch streams as the clock plays, Ctrl-C ends it, and a reload replays it the same', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('Terminal', { exact: true }).waitFor();
  await page.getByLabel('Speed').selectOption('10');
  // paused, so what the watch prints first is only the list right after the install
  await page.getByRole('button', { name: 'Pause' }).click();
  // the clock has stopped only once the button offers Play (a loaded machine can lag the click)
  await page.getByRole('button', { name: 'Play' }).waitFor();
  const stoppedAt = await page.getByTestId('clock').textContent();
  await run(page, 'helm install web ./python-time-app');
  await entry(page, 'helm install web ./python-time-app').filter({ hasText: 'STATUS: deployed' }).waitFor();
  await run(page, 'kubectl get pods -w');
  const watch = entry(page, 'kubectl get pods -w');
  await watch.waitFor();
  const first = await watch.locator('pre').textContent();
  assert.match(first, /^NAME +READY +STATUS/);
  assert.equal(await page.getByTestId('clock').textContent(), stoppedAt, 'the clock stayed paused');
  assert.doesNotMatch(first, /web-python-time-app-1/, 'the second pod does not exist yet when the watch starts');
  assert.equal(await watch.getAttribute('data-running'), 'true');
  await page.getByRole('button', { name: 'Play' }).click();
  // the rows the cluster's changes bring, printed while the page's clock plays
  await page.waitForFunction(() => {
    const e = document.querySelector('.entry[data-running=true] pre');
    return e && /web-python-time-app-1 +1\/1 +Running/.test(e.textContent);
  }, null, { timeout: 30000 });
  await shot(page, '30-watch-streaming');
  await page.getByLabel('Terminal', { exact: true }).press('Control+c');
  await watch.filter({ hasText: /\^C\n?$/ }).waitFor();
  assert.equal(await watch.getAttribute('data-running'), null);
  const stopped = await watch.locator('pre').textContent();
  // the clock plays on; the interrupted watch prints nothing more
  const clock = await page.getByTestId('clock').textContent();
  await page.waitForFunction((c) => document.querySelector('[data-testid=clock]').textContent !== c, clock);
  await run(page, 'echo after');
  await entry(page, 'echo after').waitFor();
  assert.equal(await watch.locator('pre').textContent(), stopped);
  // a reload rebuilds the session by replaying its actions, Ctrl-C included
  await page.reload();
  await entry(page, 'echo after').waitFor();
  assert.equal(await entry(page, 'kubectl get pods -w').locator('pre').textContent(), stopped);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new line ends a running watch first, as Ctrl-C would', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('Terminal', { exact: true }).waitFor();
  await run(page, 'kubectl get svc -w');
  await entry(page, 'kubectl get svc -w').filter({ hasText: 'kubernetes' }).waitFor();
  assert.equal(await page.getByLabel('Terminal', { exact: true }).getAttribute('placeholder'), 'running — Ctrl-C stops it');
  await run(page, 'echo next');
  await entry(page, 'echo next').filter({ hasText: 'next' }).waitFor();
  assert.match(await entry(page, 'kubectl get svc -w').locator('pre').textContent(), /\^C\n$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Tab completes commands, kinds and names, and lists the candidates as bash does', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  const term = page.getByLabel('Terminal', { exact: true });
  await term.waitFor();
  await term.fill('kubec');
  await term.press('Tab');
  assert.equal(await term.inputValue(), 'kubectl ');
  await term.pressSequentially('get statef');
  await term.press('Tab');
  assert.equal(await term.inputValue(), 'kubectl get statefulsets ');
  await term.fill('kubectl get p');
  await term.press('Tab');
  assert.equal(await term.inputValue(), 'kubectl get p');
  const listing = page.locator('.term-out .entry').last();
  assert.match(await listing.textContent(), /persistentvolumeclaims/);
  assert.match(await listing.textContent(), /pods/);
  await term.fill('kubectl get svc kub');
  await term.press('Tab');
  assert.equal(await term.inputValue(), 'kubectl get svc kubernetes ');
  assert.deepEqual(errors, []);
  await context.close();
});

test('each command has a copy button, Ctrl-L clears the output', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
  await page.getByLabel('Terminal', { exact: true }).waitFor();
  await run(page, 'kubectl get ns');
  const e = entry(page, 'kubectl get ns');
  await e.filter({ hasText: 'kube-system' }).waitFor();
  await e.getByRole('button', { name: 'Copy command' }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'kubectl get ns');
  await page.getByLabel('Terminal', { exact: true }).press('Control+l');
  assert.equal(await page.locator('.term-out .entry').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
