// Accessibility: axe-core (npm) run in the page on every panel, with the lessons drawer open and in presenter
// mode; no serious or critical violation may remain. Then the lab's first steps by keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, openPage } from './harness.mjs';

let server, browser, axeSource;
before(async () => {
  server = await serveDist();
  browser = await launch();
  axeSource = await readFile('node_modules/axe-core/axe.min.js', 'utf8');
});
after(async () => { await browser?.close(); await server?.close(); });

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target?.join(' ')})`);
}

test('no serious or critical axe violations: the playground, the lessons drawer, presenter mode', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('values.yaml').waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(await axe(page), [], 'the playground');
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await page.getByRole('button', { name: /^The lab: / }).click();
  assert.deepEqual(await axe(page), [], 'a lesson step');
  await page.getByRole('button', { name: 'Present' }).click();
  assert.deepEqual(await axe(page), [], 'presenter mode');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the lab can be started by keyboard alone', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('values.yaml').waitFor();
  // Tab to the terminal input and type the install, as a keyboard user would (the code editor keeps Tab for
  // indentation until Escape, as its status line says).
  let onTerminal = false;
  for (let i = 0; i < 200 && !onTerminal; i++) {
    if (await page.evaluate(() => document.activeElement?.tagName === 'TEXTAREA')) await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    onTerminal = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Terminal');
  }
  assert.ok(onTerminal, 'the terminal input is reachable with Tab');
  await page.keyboard.type('helm install python-stateful ./python-time-app');
  await page.keyboard.press('Enter');
  await page.getByLabel('Terminal output').filter({ hasText: 'STATUS: deployed' }).waitFor({ timeout: 10000 });
  const focusVisible = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle !== 'none'
    || getComputedStyle(document.activeElement).boxShadow !== 'none');
  assert.ok(focusVisible, 'the focused control shows it');
  assert.deepEqual(errors, []);
  await context.close();
});
