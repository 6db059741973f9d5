// The core's sentences in the page's language: the controller's step (cluster::explain, a message key and
// values) and why a share link cannot be opened are rendered through src/i18n, so a Russian page says them in
// Russian while pod names, revisions and the API's words stay as they are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test("in Russian, the controller's step and a broken link's reason are Russian", async () => {
  const ru = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  const page = await ru.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.base + '/');
  const term = page.getByLabel('Terminal', { exact: true });
  await term.fill('helm install web ./python-time-app');
  await term.press('Enter');
  const step = page.locator('p.step');
  await step.filter({ hasText: 'Контроллер (web-python-time-app): ' }).waitFor({ timeout: 10000 });
  const text = await step.textContent();
  assert.match(text, /Контроллер \(web-python-time-app\): (жду, пока|создаю|стабильно)/, text);
  assert.doesNotMatch(text, /waiting for|creating|steady/, 'no English step sentence');
  await shot(page, '40-step-ru');

  // the same page in English says the English sentence, word for word as the scenario transcripts pin it
  await page.getByLabel('Язык').selectOption('en');
  await step.filter({ hasText: /Controller \(web-python-time-app\): (waiting for|creating|steady)/ }).waitFor();
  await page.getByLabel('Language').selectOption('ru');

  await page.goto(server.base + '/#s=1.' + 'A'.repeat(10) + '$$');
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: 'Не удалось открыть эту ссылку: данные повреждены (не base64url)' });
  await alert.waitFor({ timeout: 5000 });
  assert.deepEqual(errors, []);
  await ru.close();
});
