// Shared e2e harness: serves the release build (dist/) on 127.0.0.1, at / and under a sub-path as GitHub
// Pages does, and launches Debian's Chromium through playwright-core. Never downloads a browser.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };
export const SUBPATH = '/stsplay-sub/';

// `gzip: true` compresses text and wasm responses as GitHub Pages does (Lighthouse measures transfer sizes).
export async function serveDist(dir = 'dist', { gzip = false } = {}) {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.startsWith(SUBPATH)) path = '/' + path.slice(SUBPATH.length);
    else if (path.startsWith(SUBPATH.slice(0, -1))) { res.writeHead(301, { location: SUBPATH }); return res.end(); }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    if (!file.startsWith(normalize(dir))) { res.writeHead(403); return res.end(); }
    try {
      const body = await readFile(file);
      const type = TYPES[extname(file)] || 'application/octet-stream';
      if (gzip && type !== 'image/png' && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding' });
        return res.end(gzipSync(body));
      }
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    } catch { res.writeHead(404); res.end('not found'); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/// A page that records console errors and page errors; tests assert the list stays empty.
export async function openPage(browser, url, viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { page, context, errors };
}

export async function shot(page, name) {
  await mkdir('target/e2e-screenshots', { recursive: true });
  await page.screenshot({ path: `target/e2e-screenshots/${name}.png`, fullPage: true });
}

let axeSource;
/** The serious and critical axe-core violations on the page, one line each (what the a11y tests assert empty). */
export async function axe(page) {
  axeSource ??= await readFile('node_modules/axe-core/axe.min.js', 'utf8');
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target?.join(' ')})`);
}

/** Types a line into the page's terminal and presses Enter, as a learner does. */
export async function typeLine(page, line) {
  const term = page.getByLabel('Terminal', { exact: true });
  await term.fill(line);
  await term.press('Enter');
}
