// Lighthouse (npm `lighthouse` 12.8.2, the last line that runs on Node 20) on the release build, driving
// Debian's Chromium: prints performance, accessibility and best-practices scores. `./x lighthouse`
// installs it into target/lighthouse on first use, so `npm ci` for the tests stays small.
import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { serveDist } from '../tests/e2e/harness.mjs';

const dir = 'target/lighthouse';
if (!existsSync(`${dir}/node_modules/.bin/lighthouse`)) {
  execFileSync('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', 'lighthouse@12.8.2'], { stdio: 'inherit' });
}
// `./x lighthouse` reports both Lighthouse presets: the default (a throttled mid-range phone on slow 4G) and desktop.
const preset = process.argv[2] === 'desktop' ? ['--preset=desktop'] : [];
// Served gzip-compressed, as GitHub Pages serves the site: Lighthouse's simulated slow 4G times the bytes sent.
const server = await serveDist('dist', { gzip: true });
try {
  const out = `${dir}/report.json`;
  // Asynchronously: the static server lives in this process and must keep answering while Lighthouse loads.
  await promisify(execFile)(`${dir}/node_modules/.bin/lighthouse`, [
    server.base + '/', '--quiet', '--output=json', `--output-path=${out}`,
    '--only-categories=performance,accessibility,best-practices', ...preset,
    '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --no-first-run --disable-sync',
  ], { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM || '/usr/bin/chromium' }, maxBuffer: 64 << 20 });
  const report = JSON.parse(readFileSync(out, 'utf8'));
  console.log(`Lighthouse (${preset.length ? 'desktop' : 'mobile, throttled'}):`);
  for (const c of Object.values(report.categories)) console.log(`  ${c.title.padEnd(16)} ${Math.round(c.score * 100)}`);
  // The performance metrics behind the score, so a miss says which one costs.
  for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']) {
    const a = report.audits[id];
    if (a) console.log(`  ${a.title.padEnd(26)} ${String(a.displayValue).padStart(9)}  (score ${Math.round(a.score * 100)})`);
  }
  const lcp = report.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
  if (lcp) console.log(`  LCP element: ${lcp.snippet}`);
  const failing = Object.values(report.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary');
  for (const a of failing) console.log(`  failing audit: ${a.id}: ${a.title}`);
} finally {
  await server.close();
}
