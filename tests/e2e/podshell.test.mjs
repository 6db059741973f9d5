// `kubectl exec -it POD -- sh` in the page's terminal: the prompt becomes the container shell's, lines run in
// the pod until `exit`, and the session (prompt included) comes back after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, shot } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('a shell in a pod: its prompt, its files, exit, and a reload in the middle', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('values.yaml').waitFor();
  await page.getByLabel('Speed').selectOption('60');
  await page.getByRole('button', { name: 'Install', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="pod-"][data-ready="true"]').length >= 2,
    null, { timeout: 30000 });
  const pod0 = await page.locator('[data-testid$="-0"][data-testid^="pod-"]').getAttribute('data-testid');
  const term = page.getByLabel('Terminal', { exact: true });
  const prompt = page.locator('.term-in .prompt');
  await term.fill(`kubectl exec -it ${pod0.slice(4)} -- sh`);
  await term.press('Enter');
  await page.waitForFunction(() => document.querySelector('.term-in .prompt').textContent.trim() === '#');
  await term.fill('cat data/visits');
  await term.press('Enter');
  const last = page.locator('.term-out .entry').last();
  await last.filter({ hasText: 'cat data/visits' }).waitFor();
  assert.equal((await last.locator('.cmdline .prompt').textContent()).trim(), '#');
  assert.match(await last.locator('pre').textContent(), /^\d+\n$/);
  await shot(page, '40-pod-shell');
  // The shell survives a reload (the session replays into the same state).
  await page.reload();
  await page.getByLabel('values.yaml').waitFor();
  await page.waitForFunction(() => document.querySelector('.term-in .prompt').textContent.trim() === '#');
  await term.fill('exit');
  await term.press('Enter');
  await page.waitForFunction(() => document.querySelector('.term-in .prompt').textContent.trim() === '$');
  assert.equal((await prompt.textContent()).trim(), '$');
  assert.deepEqual(errors, []);
  await context.close();
});
