// Page budgets, measured in Debian's headless Chromium on the release build (dist/), printed as a table:
// first meaningful render (editor and manifests visible), keystroke-to-manifest (the render itself, after
// the editor's debounce: `data-render-ms` set by the page), and animation frame times with 50 pods at 60×
// (p50/p95 of requestAnimationFrame intervals). Budgets are reported, never asserted: `./x metrics`.
import { serveDist, launch, openPage } from '../tests/e2e/harness.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const server = await serveDist('dist');
const browser = await launch();
const rows = [];
try {
  // 1. First meaningful render, 5 fresh loads.
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const { page, context } = await openPage(browser, server.base + '/');
    await page.waitForFunction(() => {
      const m = document.querySelector('[data-testid=manifests]');
      const ed = document.querySelector('textarea');
      return m && m.textContent.includes('kind:') && ed && ed.offsetParent !== null;
    }, null, { timeout: 10000 });
    loads.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  rows.push(['first meaningful render (editor + manifests)', `${median(loads).toFixed(0)} ms`, '< 1000 ms']);

  // 2. Keystroke to manifest: edit replicaCount 20 times, read the page's own render timing each time.
  const { page, context, errors } = await openPage(browser, server.base + '/');
  await page.waitForSelector('[data-testid=manifests]');
  const editor = page.locator('textarea').first();
  const renders = [];
  for (let i = 0; i < 20; i++) {
    await page.evaluate(() => { delete document.documentElement.dataset.renderMs; });
    await editor.press('End');
    await editor.type(' ');
    await page.waitForFunction(() => document.documentElement.dataset.renderMs !== undefined, null, { timeout: 5000 });
    renders.push(parseFloat(await page.evaluate(() => document.documentElement.dataset.renderMs || 'NaN')));
  }
  rows.push(['keystroke-to-manifest (render after debounce), median', `${median(renders).toFixed(2)} ms`, '< 16 ms']);
  rows.push(['keystroke-to-manifest, worst of 20', `${Math.max(...renders).toFixed(2)} ms`, '']);

  // 3. Frames with 50 pods at 60x.
  const term = page.getByLabel('Terminal', { exact: true });
  await term.fill('helm install python-stateful ./python-time-app --set replicaCount=50 --set podManagementPolicy=Parallel');
  await term.press('Enter');
  await page.getByLabel('Speed').selectOption('60');
  await page.waitForTimeout(3000);
  const frames = await page.evaluate(() => new Promise((resolve) => {
    const ts = [];
    const tick = (t) => { ts.push(t); if (ts.length < 300) requestAnimationFrame(tick); else resolve(ts); };
    requestAnimationFrame(tick);
  }));
  const deltas = frames.slice(1).map((t, i) => t - frames[i]);
  const pods = await page.locator('[data-testid^="pod-"]').count();
  rows.push([`frame interval with ${pods} pods at 60×, p50`, `${pct(deltas, 0.5).toFixed(1)} ms`, '']);
  rows.push([`frame interval with ${pods} pods at 60×, p95`, `${pct(deltas, 0.95).toFixed(1)} ms`, '< 20 ms']);
  if (errors.length) rows.push(['console errors during the run', String(errors.length), '0']);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`${'metric'.padEnd(w)}   ${'value'.padStart(10)}   budget`);
for (const [k, v, b] of rows) console.log(`${k.padEnd(w)}   ${v.padStart(10)}   ${b}`);
