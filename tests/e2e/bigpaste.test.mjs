// Issue 8: "a 5 MB paste never freezes the tab". A 5 MB heredoc pasted into the terminal runs (the shell keeps an
// open heredoc's lines without parsing the command again for each), the next command answers, and since the
// session no longer fits in the browser's storage the learner is told, instead of a reload silently bringing
// back an older session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const LINES = 400_000; // 5.2 MB

test('a 5 MB paste runs, the terminal still answers, and a session too big to save says so', async () => {
  const { page, errors } = await openPage(browser, server.base + '/');
  const term = page.getByLabel('Terminal', { exact: true });
  const out = page.getByLabel('Terminal output');
  await term.fill('echo small');
  await term.press('Enter');
  await out.filter({ hasText: /^\$ +echo small/m }).waitFor();

  const paste = "cat > big.txt <<'EOF'\n" + 'line of text\n'.repeat(LINES) + 'EOF\nwc -l big.txt';
  // what a paste does to the textarea: its whole value at once
  await term.evaluate((el, t) => { el.value = t; el.dispatchEvent(new Event('input', { bubbles: true })); }, paste);
  await term.press('Enter');
  await out.filter({ hasText: `${LINES} big.txt` }).waitFor({ timeout: 60_000 });
  // the echoed paste is laid out as its first and last 2,000 lines, the rest counted
  const shown = await page.locator('.term-out .entry .cmd').last().textContent();
  const lines = shown.split('\n');
  assert.equal(lines.length, 4001);
  assert.equal(lines[0], "cat > big.txt <<'EOF'");
  assert.equal(lines[2000], `[… ${LINES + 3 - 4000} lines not shown: the terminal shows the first and last 2,000 lines of a long text …]`);
  assert.deepEqual(lines.slice(-2), ['EOF', 'wc -l big.txt']);

  await term.fill('echo still-$((6 * 7))');
  await term.press('Enter');
  await out.filter({ hasText: 'still-42' }).waitFor({ timeout: 10_000 });

  const notice = page.getByText(/too large for the browser to save/);
  await notice.waitFor({ timeout: 5_000 });
  // the last session that fitted is what a reload brings back, as the notice says
  await page.reload();
  await out.filter({ hasText: /^\$ +echo small/m }).waitFor();
  assert.equal(await out.filter({ hasText: 'big.txt' }).count(), 0);
  assert.deepEqual(errors, []);
});
