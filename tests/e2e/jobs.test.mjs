// Background jobs in the page: `cmd &` gives the prompt back at once, the job prints when the page's clock
// reaches its output, and bash's Done notice comes after the next line; a reload replays it the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, typeLine as run } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const entry = (page, line) => page.locator('.term-out .entry').filter({
  has: page.locator('.cmd', { hasText: new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
});

test('a background job prints as the clock plays and its notice follows the next line', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('Terminal', { exact: true }).waitFor();
  await page.getByLabel('Speed').selectOption('10');
  await run(page, 'sleep 20 && echo woke up &');
  const job = entry(page, 'sleep 20 && echo woke up &');
  await job.waitFor();
  assert.equal(await job.locator('pre').textContent(), '[1] 4243\n');
  assert.equal(await job.getAttribute('data-running'), null, 'the prompt is back at once');
  await run(page, 'jobs');
  await entry(page, 'jobs').filter({ hasText: /\[1\]\+  Running +sleep 20 && echo woke up &/ }).waitFor();
  // 20 simulated seconds later (2 s at 10×) the job prints under the newest entry
  await page.waitForFunction(() => [...document.querySelectorAll('.term-out .entry pre')]
    .some((p) => p.textContent.endsWith(' &\nwoke up\n')), null, { timeout: 30000 });
  await run(page, 'echo next');
  const next = entry(page, 'echo next').locator('pre');
  await next.filter({ hasText: /Done/ }).waitFor();
  assert.equal(await next.textContent(), 'next\n[1]+  Done                    sleep 20 && echo woke up\n');
  await page.reload();
  await entry(page, 'echo next').filter({ hasText: /\[1\]\+  Done/ }).waitFor();
  assert.match(await entry(page, 'jobs').locator('pre').textContent(), / &\nwoke up\n$/);
  assert.deepEqual(errors, []);
  await context.close();
});
