// `watch` in the page: the entry shows only the latest screen (each starts with a clear-screen), a new one
// every interval as the clock plays, until Ctrl-C gives the prompt back with the last screen left in place.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('watch redraws one screen in place until Ctrl-C', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  const term = page.getByLabel('Terminal', { exact: true });
  await term.waitFor();
  await page.getByLabel('Speed').selectOption('10');
  await term.fill('watch -n 2 date');
  await term.press('Enter');
  const entry = page.locator('.term-out .entry').filter({ has: page.locator('.cmd', { hasText: /^watch -n 2 date$/ }) });
  const screen = entry.locator('pre');
  await screen.filter({ hasText: /^Every 2\.0s: date/ }).waitFor();
  const first = await screen.textContent();
  assert.doesNotMatch(first, /\x1b/, 'no escape sequence is shown');
  assert.equal(first.split('Every 2.0s').length, 2, 'one screen at a time');
  // a later screen replaces it (2 simulated seconds are 0.2 s at 10×)
  await page.waitForFunction((f) => {
    const e = [...document.querySelectorAll('.term-out .entry')].find((x) => x.querySelector('.cmd')?.textContent === 'watch -n 2 date');
    const t = e?.querySelector('pre')?.textContent ?? '';
    return t !== f && t.startsWith('Every 2.0s: date');
  }, first, { timeout: 20000 });
  assert.equal((await screen.textContent()).split('Every 2.0s').length, 2, 'still one screen');
  assert.equal(await entry.getAttribute('data-running'), 'true');
  await term.press('Control+c');
  await page.waitForFunction(() => !document.querySelector('.term-out .entry[data-running]'), null, { timeout: 10000 });
  assert.match(await screen.textContent(), /^Every 2\.0s: date +playground: /);
  assert.deepEqual(errors, []);
  await context.close();
});
