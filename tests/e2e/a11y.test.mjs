// Accessibility: axe-core (npm) run in the page on every panel, with the lessons drawer open and in presenter
// mode, and again with the chart installed, requests served and a pod's details open, in the light and dark
// themes and in Russian; no serious or critical violation may remain. Then the lab's first steps by keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, axe } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

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

test('no serious or critical axe violations with a cluster running: light, dark, Russian', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('values.yaml').waitFor();
  await page.getByLabel('Speed').selectOption('60');
  await page.getByRole('button', { name: 'Install', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="pod-"][data-ready="true"]').length >= 2,
    null, { timeout: 60000 });
  await page.getByRole('button', { name: 'Send requests', exact: true }).click();
  await page.locator('[data-testid^="pod-"][data-visits]:not([data-visits=""])').first().waitFor({ timeout: 30000 });
  const pod = page.locator('[data-testid^="pod-"]').first();
  await pod.click();
  await page.locator('.pod-info').filter({ hasText: ' · IP ' }).waitFor();
  for (const theme of ['light', 'dark']) {
    await page.getByLabel('Theme', { exact: true }).selectOption(theme);
    assert.deepEqual(await axe(page), [], `a running cluster, ${theme} theme`);
  }
  await page.getByLabel('Language').selectOption('ru');
  // The toolbar speaks Russian. A button's name is its visible text (axe's label-content-name-mismatch, WCAG 2.5.3,
  // is serious), so the English names tests use belong to the default language; the form fields' names stay English.
  const toolbar = page.getByRole('toolbar', { name: 'Действия с кластером' });
  for (const name of ['Установить', 'Обновить', 'Отправить запросы', 'Удалить под', 'Масштабировать']) {
    await toolbar.getByRole('button', { name, exact: true }).waitFor({ timeout: 5000 });
  }
  for (const name of ['Кластер', 'Манифесты', 'Терминал', 'Чарт', 'События']) {
    await page.getByRole('heading', { name, exact: true }).waitFor({ timeout: 5000 });
  }
  for (const name of ['Пауза', 'Поделиться']) await page.getByRole('button', { name, exact: true }).waitFor();
  for (const label of ['Speed', 'Terminal', 'Terminal output', 'Rendered manifests', 'Replicas', 'Theme']) {
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `"${label}" keeps its English name`);
  }
  for (const theme of ['light', 'dark']) {
    await page.getByLabel('Theme', { exact: true }).selectOption(theme);
    assert.deepEqual(await axe(page), [], `a running cluster in Russian, ${theme} theme`);
  }
  await page.getByRole('button', { name: 'Уроки', exact: true }).click();
  assert.deepEqual(await axe(page), [], 'the lessons menu in Russian over a running cluster');
  const lessons = await page.locator('.lesson-pick').count();
  assert.ok(lessons >= 2, `lessons listed: ${lessons}`);
  for (let i = 0; i < lessons; i++) {
    await page.locator('.lesson-pick').nth(i).click();
    await page.getByTestId('lesson-step').or(page.getByTestId('lesson-finished')).first().waitFor();
    assert.deepEqual(await axe(page), [], `lesson ${i + 1} in Russian over a running cluster`);
    await page.getByRole('button', { name: 'Все уроки' }).click();
  }
  await page.locator('.lesson-pick').first().click();
  await page.getByRole('button', { name: 'Презентация' }).click();
  assert.deepEqual(await axe(page), [], 'presenter mode in Russian over a running cluster');
  await page.getByRole('button', { name: 'Презентация' }).click();
  await page.getByLabel('Язык').selectOption('en');
  for (const name of ['Install', 'Upgrade', 'Send requests', 'Share', 'Pause']) {
    await page.getByRole('button', { name, exact: true }).waitFor({ timeout: 5000 });
  }
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
