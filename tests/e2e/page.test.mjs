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
