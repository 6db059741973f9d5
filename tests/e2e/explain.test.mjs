// kubectl explain's field documentation is not in the wasm: the page fetches explain.json the first time a line
// uses it, runs the line then, and replays a reloaded session that used it with the same output. A page that
// never runs it never downloads it, and a failed download is a message, not a hang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, typeLine as run } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const entry = (page, line) => page.locator('.term-out .entry').filter({
  has: page.locator('.cmd', { hasText: new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
});

const LINE = 'kubectl explain statefulset.spec.replicas';

test('explain.json is fetched on first use only, and a reload replays the explain output', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  const fetched = [];
  page.on('request', (r) => { if (r.url().endsWith('/explain.json')) fetched.push(r.url()); });
  await page.getByLabel('Terminal', { exact: true }).waitFor();
  await run(page, 'echo before');
  await entry(page, 'echo before').waitFor();
  assert.equal(fetched.length, 0, 'not downloaded before a line needs it');
  await run(page, LINE);
  const out = entry(page, LINE).locator('pre');
  await out.filter({ hasText: /FIELD: +replicas <integer>/ }).waitFor();
  const text = await out.textContent();
  assert.match(text, /^GROUP: +apps\nKIND: +StatefulSet\nVERSION: +v1\n/);
  assert.equal(fetched.length, 1);
  await page.reload();
  await entry(page, LINE).locator('pre').filter({ hasText: /FIELD: +replicas/ }).waitFor();
  assert.equal(await entry(page, LINE).locator('pre').textContent(), text);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a failed download says so, and the next try fetches again', async () => {
  const { page, context } = await openPage(browser, server.base + '/');
  await page.getByLabel('Terminal', { exact: true }).waitFor();
  await page.route('**/explain.json', (r) => r.abort());
  await run(page, LINE);
  await entry(page, LINE).filter({ hasText: /could not be downloaded; check the connection/ }).waitFor();
  await page.unroute('**/explain.json');
  await run(page, 'kubectl explain pod.spec.hostname');
  await entry(page, 'kubectl explain pod.spec.hostname').filter({ hasText: /FIELD: +hostname <string>/ }).waitFor();
  await context.close();
});

test('a line typed while explain.json downloads runs after the explain line, in the order typed', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('Terminal', { exact: true }).waitFor();
  // a slow download: the next lines are typed while it is under way
  await page.route('**/explain.json', async (r) => { await new Promise((ok) => setTimeout(ok, 1500)); await r.continue(); });
  await run(page, LINE);
  await run(page, 'echo typed next');
  await run(page, 'kubectl explain pod.spec.hostname');
  await run(page, 'echo typed last');
  await entry(page, 'echo typed last').waitFor();
  const cmds = await page.locator('.term-out .entry .cmd').allTextContents();
  assert.deepEqual(cmds.slice(-4), [LINE, 'echo typed next', 'kubectl explain pod.spec.hostname', 'echo typed last']);
  await entry(page, LINE).locator('pre').filter({ hasText: /FIELD: +replicas <integer>/ }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
