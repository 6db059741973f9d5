// A chart made in the terminal is a chart of the page: `helm create` adds it to the chart picker, its files get
// tabs, an edit renders in the manifests panel and is in the file the next command reads, a share link carries
// the edit (replayed after the command that made the chart), removing the chart sends the editor back to a
// shipped one with a message. axe-core finds nothing serious, and the phone layout does not overflow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, shot, axe, typeLine as type } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function makeAndOpen(page) {
  await page.getByLabel('values.yaml').waitFor();
  await type(page, 'helm create mychart');
  const picker = page.locator('.chart-panel select');
  await picker.locator('option[value="mychart"]').waitFor({ state: 'attached', timeout: 5000 });
  await picker.selectOption('mychart');
  await page.getByRole('tab', { name: 'deployment.yaml' }).waitFor({ timeout: 5000 });
  return picker;
}

test('a chart made with helm create is edited, rendered, shared and removed', async () => {
  const a = await openPage(browser, server.base + '/');
  const picker = await makeAndOpen(a.page);
  const editor = a.page.getByLabel('values.yaml');
  assert.match(await editor.inputValue(), /^replicaCount: 1$/m, 'the editor shows the file helm create wrote');
  await editor.fill((await editor.inputValue()).replace(/^replicaCount: 1$/m, 'replicaCount: 2'));
  await a.page.waitForFunction(() => {
    const t = document.querySelector('[data-testid=manifests]').textContent;
    return t.includes('kind: Deployment') && t.includes('replicas: 2');
  }, null, { timeout: 5000 });
  assert.equal(await a.page.getByTestId('render-error').count(), 0);
  assert.match(await a.page.locator('.manifests-panel .cmd').textContent(), /\.\/mychart$/);
  assert.deepEqual(await axe(a.page), [], 'the editor on a working-directory chart');
  await shot(a.page, '40-helm-create-edited');

  await type(a.page, 'grep replicaCount mychart/values.yaml');
  const out = a.page.getByLabel('Terminal output');
  await out.filter({ hasText: 'replicaCount: 2' }).waitFor({ timeout: 5000 });

  await a.page.getByRole('button', { name: 'Share' }).click();
  const link = await a.page.getByLabel('Share link').inputValue();
  assert.match(link, /#s=4\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(a.errors, []);

  // Another browser opens the link: the chart is made again, then the edit applied to it.
  const b = await openPage(browser, link);
  await b.page.getByRole('tab', { name: 'deployment.yaml' }).waitFor({ timeout: 5000 });
  assert.equal(await b.page.locator('.chart-panel select').inputValue(), 'mychart');
  assert.match(await b.page.getByLabel('values.yaml').inputValue(), /^replicaCount: 2$/m);
  await type(b.page, 'helm template web ./mychart | grep replicas');
  await b.page.getByLabel('Terminal output').filter({ hasText: 'replicas: 2' }).waitFor({ timeout: 5000 });
  assert.deepEqual(b.errors, []);
  await b.context.close();

  // Removed in the terminal while open: a shipped chart takes its place and the learner is told.
  await type(a.page, 'rm -r mychart');
  await a.page.getByRole('alert').filter({ hasText: 'mychart is no longer in the working directory' }).waitFor();
  assert.equal(await picker.inputValue(), 'python-time-app');
  assert.equal(await picker.locator('option[value="mychart"]').count(), 0);
  assert.deepEqual(a.errors, []);
  await a.context.close();
});

test('phone portrait: a made chart with its many tabs does not overflow sideways', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/', { width: 390, height: 844 });
  await makeAndOpen(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no sideways scrolling (${overflow}px)`);
  await shot(page, '41-helm-create-phone');
  assert.deepEqual(errors, []);
  await context.close();
});
