// The page boots, shows the chart's values, reports a YAML error with line:column while typing, and
// clears it when fixed. Runs against the release build, at / and under a sub-path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, shot, SUBPATH } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('boots without console errors and shows the values editor', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  const editor = page.getByLabel('values.yaml');
  await editor.waitFor();
  assert.equal(await page.locator('h1').textContent(), 'StatefulSet Playground');
  assert.match(await editor.inputValue(), /replicaCount/);
  await shot(page, '01-boot');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a YAML error shows line:column while typing, and clears when fixed', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  const editor = page.getByLabel('values.yaml');
  await editor.waitFor();
  const status = page.getByTestId('values-error');
  await editor.fill('replicaCount: 2\nimage:\n  repository: x\n tag: [\n');
  await assert.doesNotReject(status.filter({ hasText: /values\.yaml:\d+:\d+: / }).waitFor({ timeout: 5000 }));
  await shot(page, '02-yaml-error');
  await editor.fill('replicaCount: 3\n');
  await page.waitForFunction(() => document.querySelector('[data-testid=values-error]').textContent === '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('works under a sub-path, as on GitHub Pages', async () => {
  const { page, context, errors } = await openPage(browser, server.base + SUBPATH);
  await page.getByLabel('values.yaml').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

// Release builds abort on a panic without running the Rust panic hook: the page sees a wasm trap. No learner
// action panics on purpose, so the test raises a real trap from a one-instruction wasm module (`unreachable`)
// in a task of its own, as a trapping event handler would, and checks what index.html's listener does: the
// banner, and the session saved before the trap is what a reload finds, even after more typing and the app's
// own save on leaving the page.
test('a wasm trap shows the "internal error" banner and keeps the session saved before it', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  const editor = page.getByLabel('values.yaml');
  await editor.waitFor();
  const before = (await editor.inputValue()).replace(/^replicaCount: \d+/m, 'replicaCount: 4');
  await editor.fill(before);
  await page.waitForFunction(() => (localStorage.getItem('stsplay.session') || '').includes('replicaCount: 4'));
  await page.evaluate(() => {
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0,
      10, 5, 1, 3, 0, 0, 11]);
    const trap = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f;
    setTimeout(trap);
  });
  const banner = page.locator('#panic-banner[role=alert]');
  await banner.waitFor();
  assert.match(await banner.textContent(), /internal error and stopped\. Your work is saved; reload the page\. \(RuntimeError: unreachable/);
  await editor.fill(before.replace('replicaCount: 4', 'replicaCount: 6'));
  await page.waitForTimeout(400); // the debounced render saves the edit made after the trap
  await page.reload();
  await editor.waitFor();
  assert.equal(await editor.inputValue(), before);
  assert.equal(await page.locator('#panic-banner').count(), 0);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /unreachable/);
  await context.close();
});
