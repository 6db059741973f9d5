// The editor and the terminal share one set of files, and going back in time never loses what the learner typed
// in the editor: `sed -i` on the shipped chart's values.yaml shows in the editor and the manifests, an edit in
// the editor shows in the terminal, a reload and a share link keep both; a chart made in the terminal keeps
// its edits when the timeline goes back, and keeps them aside (with a notice) when it goes back to before the
// chart existed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, shot, typeLine as type } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const entry = (page, line) => page.locator('.term-out .entry').filter({ has: page.locator('.cmd', { hasText: line }) });
const manifests = (page, text) => page.waitForFunction(
  (t) => document.querySelector('[data-testid=manifests]').textContent.includes(t), text, { timeout: 5000 });

test('sed in the terminal shows in the editor, an edit shows in the terminal, reload and links keep both', async () => {
  const a = await openPage(browser, server.base + '/');
  const editor = a.page.getByLabel('values.yaml');
  await editor.waitFor();
  assert.match(await editor.inputValue(), /^replicaCount: 2$/m);
  await type(a.page, "sed -i 's/replicaCount: 2/replicaCount: 3/' python-time-app/values.yaml");
  await a.page.waitForFunction(() => /^replicaCount: 3$/m.test(document.querySelector('textarea[aria-label="values.yaml"]').value),
    null, { timeout: 5000 });
  await manifests(a.page, 'replicas: 3');

  await editor.fill((await editor.inputValue()).replace(/^replicaCount: 3$/m, 'replicaCount: 4'));
  await manifests(a.page, 'replicas: 4');
  await type(a.page, 'grep replicaCount python-time-app/values.yaml');
  await entry(a.page, 'grep replicaCount').filter({ hasText: 'replicaCount: 4' }).waitFor({ timeout: 5000 });
  // an edit made and not yet followed by a command survives a reload too
  await editor.fill((await editor.inputValue()).replace(/^replicaCount: 4$/m, 'replicaCount: 5'));
  await manifests(a.page, 'replicas: 5');
  await a.page.reload();
  await a.page.waitForFunction(() => /^replicaCount: 5$/m.test(document.querySelector('textarea[aria-label="values.yaml"]')?.value),
    null, { timeout: 10000 });
  await entry(a.page, 'grep replicaCount').filter({ hasText: 'replicaCount: 4' }).waitFor({ timeout: 5000 });

  await a.page.getByRole('button', { name: 'Share' }).click();
  const link = await a.page.getByLabel('Share link').inputValue();
  assert.match(link, /#s=4\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(a.errors, []);
  await a.context.close();

  const b = await openPage(browser, link);
  await b.page.waitForFunction(() => /^replicaCount: 5$/m.test(document.querySelector('textarea[aria-label="values.yaml"]')?.value),
    null, { timeout: 10000 });
  await type(b.page, 'cat python-time-app/values.yaml | grep replicaCount');
  await entry(b.page, 'cat python-time-app').filter({ hasText: 'replicaCount: 5' }).waitFor({ timeout: 5000 });
  assert.deepEqual(b.errors, []);
  await b.context.close();
});

test('going back in time keeps the edits of a chart made in the terminal', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('values.yaml').waitFor();
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Play' }).waitFor();
  await type(page, 'helm create mychart');
  const picker = page.locator('.chart-panel select');
  await picker.locator('option[value="mychart"]').waitFor({ state: 'attached', timeout: 5000 });
  // some simulated time after helm create, so the timeline has a moment after it to go back to
  await page.getByLabel('Speed').selectOption('60');
  const made = await page.getByTestId('clock').textContent();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction((m) => document.querySelector('[data-testid=clock]').textContent.slice(0, 5) !== m.slice(0, 5),
    made, { timeout: 10000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Play' }).waitFor();

  await picker.selectOption('mychart');
  const editor = page.getByLabel('values.yaml');
  await page.getByRole('tab', { name: 'deployment.yaml' }).waitFor({ timeout: 5000 });
  await editor.fill((await editor.inputValue()).replace(/^replicaCount: 1$/m, 'replicaCount: 7'));
  await manifests(page, 'replicas: 7');

  // Back to a moment after helm create (999/1000 of the clock: the minute it was made in has passed since).
  await page.getByLabel('Timeline').fill('999');
  await page.getByRole('alert').filter({ hasText: 'the editor kept your later text of mychart/values.yaml' }).waitFor();
  assert.equal(await picker.inputValue(), 'mychart');
  assert.match(await editor.inputValue(), /^replicaCount: 7$/m, 'the edit is still in the editor');
  await manifests(page, 'replicas: 7');
  await type(page, 'grep replicaCount mychart/values.yaml');
  await entry(page, 'grep replicaCount mychart').filter({ hasText: 'replicaCount: 7' }).waitFor({ timeout: 5000 });
  await shot(page, '45-rewind-kept-edit');

  // Back to the start, before the chart existed: the text is kept aside and the learner is told where.
  await page.getByLabel('Timeline').fill('0');
  const alert = page.getByRole('alert').filter({ hasText: 'kept in rewound/mychart/values.yaml' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /mychart is no longer in the working directory/);
  assert.equal(await picker.inputValue(), 'python-time-app');
  await type(page, 'grep replicaCount rewound/mychart/values.yaml');
  await entry(page, 'grep replicaCount rewound').filter({ hasText: 'replicaCount: 7' }).waitFor({ timeout: 5000 });
  // and the kept text survives a reload, which replays the session
  await page.reload();
  await entry(page, 'grep replicaCount rewound').filter({ hasText: 'replicaCount: 7' }).waitFor({ timeout: 10000 });
  assert.deepEqual(errors, []);
  await context.close();
});
