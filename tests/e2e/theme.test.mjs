// Light and dark: the system's scheme by default, a Theme select that overrides it and persists across a
// reload, and "System" following the device again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const DARK = 'rgb(13, 17, 23)';
const LIGHT = 'rgb(255, 255, 255)';

test('the theme follows the system until the learner picks one, and the pick persists', async () => {
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.base + '/');
  const theme = page.getByLabel('Theme', { exact: true });
  await theme.waitFor();
  assert.equal(await theme.inputValue(), 'system');
  assert.equal(await background(page), DARK);
  await theme.selectOption('light');
  assert.equal(await background(page), LIGHT);
  await shot(page, '40-theme-light-on-dark-system');
  await page.reload();
  await page.getByLabel('Theme', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Theme', { exact: true }).inputValue(), 'light');
  assert.equal(await background(page), LIGHT);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByLabel('Theme', { exact: true }).selectOption('dark');
  assert.equal(await background(page), DARK);
  await shot(page, '41-theme-dark');
  await page.getByLabel('Theme', { exact: true }).selectOption('system');
  assert.equal(await background(page), LIGHT);
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await background(page), DARK);
  assert.deepEqual(errors, []);
  await context.close();
});
