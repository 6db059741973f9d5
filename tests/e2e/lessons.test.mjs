// Lessons in the page: open the drawer, start the lab lesson, let "Show me" type the steps' commands into
// the terminal, and see the steps tick themselves off as the simulated cluster gets there. Then presenter
// mode: the body switches to large type and Space plays the next command. Progress survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, shot } from './harness.mjs';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const stepNo = async (page) => {
  const t = await page.getByTestId('lesson-step').locator('p.muted').first().textContent();
  return Number(/Step (\d+)/.exec(t)[1]);
};

test('the lab lesson ticks its steps as the cluster gets there', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.getByLabel('values.yaml').waitFor();
  await page.getByLabel('Speed').selectOption('60');
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await page.getByRole('button', { name: /^The lab: / }).click();
  assert.equal(await stepNo(page), 1);
  // Step 1 is an observation: running its one command moves on.
  await page.getByRole('button', { name: 'Show me' }).click();
  await page.getByLabel('Terminal output').filter({ hasText: 'helm template python-stateful' }).waitFor();
  assert.equal(await stepNo(page), 2);
  // Step 2 installs; its check (two Ready pods) ticks it once the cluster catches up at 60x.
  await page.getByRole('button', { name: 'Show me' }).click();
  await page.getByLabel('Terminal output').filter({ hasText: 'STATUS: deployed' }).waitFor();
  await page.waitForFunction(() => {
    const m = /Step (\d+) /.exec(document.querySelector('[data-testid=lesson-step]')?.textContent || '');
    return m && Number(m[1]) >= 3;
  }, null, { timeout: 30000 });
  assert.equal(await page.locator('[data-testid^="pod-"][data-ready="true"]').count(), 2, 'the check ticked on two Ready pods');
  await shot(page, '30-lesson-step3');

  // Presenter mode: large type, the chart panels hidden, Space types the next command.
  await page.getByRole('button', { name: 'Present' }).click();
  assert.equal(await page.evaluate(() => document.body.classList.contains('presenter')), true);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  const before = await stepNo(page);
  await page.keyboard.press('Space');
  if (before === 3) await page.getByLabel('Terminal output').filter({ hasText: 'kubectl get po,sts,svc,pvc' }).waitFor();
  else await page.getByLabel('Terminal output').filter({ hasText: 'hey -n 120' }).waitFor();
  await shot(page, '31-presenter');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.body.classList.contains('presenter')), false);

  // Progress is kept across a reload: the open lesson comes back at its step, and the menu counts it.
  await page.reload();
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  assert.ok(await stepNo(page) >= 3, 'the lesson reopens where it was');
  await page.getByRole('button', { name: 'All lessons' }).click();
  const menu = await page.getByTestId('lessons').textContent();
  assert.match(menu, /([3-9]|1[0-2])\/12 steps/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link carries the lesson: it reopens at the same step on the same cluster', async () => {
  const a = await openPage(browser, server.base + '/');
  await a.page.getByLabel('values.yaml').waitFor();
  await a.page.getByLabel('Speed').selectOption('60');
  await a.page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await a.page.getByRole('button', { name: /^The lab: / }).click();
  await a.page.getByRole('button', { name: 'Show me' }).click();
  await a.page.getByRole('button', { name: 'Show me' }).click();
  await a.page.waitForFunction(() => /Step 3 /.test(document.querySelector('[data-testid=lesson-step]')?.textContent || ''),
    null, { timeout: 30000 });
  await a.page.getByRole('button', { name: 'Close lessons' }).click();
  await a.page.getByRole('button', { name: 'Share' }).click();
  const link = await a.page.getByLabel('Share link').inputValue();
  assert.match(link, /#s=4\.[A-Za-z0-9_-]+$/);
  await a.context.close();

  const b = await openPage(browser, link);
  await b.page.getByTestId('lesson-step').waitFor();
  assert.equal(await b.page.getByTestId('lessons').evaluate((el) => el.classList.contains('open')), true, 'the drawer opens');
  assert.equal(await stepNo(b.page), 3);
  assert.match(await b.page.getByTestId('lessons').textContent(), /The lab: /);
  await b.page.getByLabel('Terminal output').filter({ hasText: 'STATUS: deployed' }).waitFor();
  await b.page.locator('[data-testid^="pod-"][data-ready="true"]').nth(1).waitFor();
  await shot(b.page, '32-lesson-link');
  assert.deepEqual([...a.errors, ...b.errors], []);
  await b.context.close();
});

test('a #lesson= link opens that lesson', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/#lesson=basics');
  await page.getByTestId('lesson-step').waitFor();
  assert.match(await page.getByTestId('lessons').textContent(), /StatefulSet Basics/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the language follows the browser, can be switched, and is kept', async () => {
  // A Russian browser gets Russian lessons and labels; the stable names the other tests use stay English there.
  const ru = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  const page = await ru.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.base + '/');
  await page.getByRole('button', { name: 'Уроки', exact: true }).click();
  await page.getByRole('button', { name: /^Лабораторная: / }).click();
  assert.match(await page.getByTestId('lesson-step').textContent(), /Шаг 1 из 12/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  await page.getByRole('button', { name: 'Показать' }).click();
  await page.getByLabel('Terminal output').filter({ hasText: 'helm template python-stateful' }).waitFor();
  await shot(page, '33-lesson-ru');
  // Switched to English: the same lesson at the same step, and the choice survives a reload.
  await page.getByLabel('Язык').selectOption('en');
  assert.match(await page.getByTestId('lesson-step').textContent(), /Step 2 of 12/);
  await page.reload();
  await page.getByLabel('Language').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.deepEqual(errors, []);
  await ru.close();
});

test('the comparison lesson shows Deployment and StatefulSet side by side, live', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/#lesson=compare');
  await page.getByLabel('Speed').selectOption('60');
  await page.getByRole('button', { name: 'Show me' }).click();
  const table = page.getByTestId('compare-table');
  await table.filter({ hasText: 'ledger-1.ledger.default.svc.cluster.local' }).waitFor({ timeout: 30000 });
  const text = await table.textContent();
  assert.match(text, /deployment\/shop/);
  assert.match(text, /ledger-0 → pvc\/data-ledger-0/);
  assert.match(text, /shop\.default\.svc\.cluster\.local/);
  assert.match(text, /shop-[a-z0-9]+-[a-z0-9]{5}/, 'Deployment pods have generated names');
  await shot(page, '34-compare-table');
  // axe-core on the drawer's new parts (the live table, the real-cluster script open), in Russian too.
  await page.getByTestId('real-cluster').locator('summary').click();
  assert.deepEqual(await axe(page), [], 'comparison table and real-cluster commands');
  await page.getByLabel('Language').selectOption('ru');
  await table.getByText('Имена подов').waitFor();
  assert.deepEqual(await axe(page), [], 'the same in Russian');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson shows its kind/minikube commands and downloads the chart as a .tgz helm accepts', async () => {
  const { page, context, errors } = await openPage(browser, server.base + '/#lesson=lab');
  const real = page.getByTestId('real-cluster');
  await real.locator('summary').click();
  assert.match(await real.locator('pre').textContent(), /kind create cluster/);
  await real.getByRole('button', { name: 'minikube' }).click();
  const script = await real.locator('pre').textContent();
  assert.match(script, /minikube start/);
  assert.match(script, /helm install python-stateful \.\/python-time-app/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    real.getByRole('button', { name: /python-time-app$/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'python-time-app-0.1.0.tgz');
  const path = await download.path();
  const bytes = await readFile(path);
  assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b], 'gzip');
  const helm = '/work/tools/bin/helm/helm';
  if (existsSync(helm)) {
    const lint = execFileSync(helm, ['lint', await copyTgz(path)], { encoding: 'utf8' });
    assert.match(lint, /1 chart\(s\) linted, 0 chart\(s\) failed/);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

// Helm wants a .tgz file name for an archive.
async function copyTgz(path) {
  const { copyFile } = await import('node:fs/promises');
  await copyFile(path, path + '.tgz');
  return path + '.tgz';
}

async function axe(page) {
  await page.addScriptTag({ content: await readFile('node_modules/axe-core/axe.min.js', 'utf8') });
  const result = await page.evaluate(async () => window.axe.run('#lessons-drawer', { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target?.join(' ')})`);
}
