// Prints the transfer size of the built page (wasm + js + css), raw, gzip and brotli.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] || 'dist';
const rows = [];
let tot = { raw: 0, gz: 0, br: 0 };
for (const f of readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f)).sort()) {
  const b = readFileSync(join(dir, f));
  const r = {
    f, raw: b.length,
    gz: gzipSync(b, { level: 9 }).length,
    br: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  rows.push(r);
  for (const k of ['raw', 'gz', 'br']) tot[k] += r[k];
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
console.log('page size (file, raw, gzip, brotli)');
for (const r of rows) console.log(`  ${r.f.padEnd(40)}${kb(r.raw)}${kb(r.gz)}${kb(r.br)}`);
console.log(`  ${'total'.padEnd(40)}${kb(tot.raw)}${kb(tot.gz)}${kb(tot.br)}`);

// Data the page fetches only when a learner uses it (kubectl explain's explain.json): not part of the page's
// download, but counted here so that moving data out of the wasm is never mistaken for making it smaller.
const extra = readdirSync(dir).filter((f) => /\.json$/.test(f)).sort();
if (extra.length) {
  console.log('fetched on demand (not in the total above)');
  for (const f of extra) {
    const b = readFileSync(join(dir, f));
    const gz = gzipSync(b, { level: 9 }).length;
    const br = brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(`  ${f.padEnd(40)}${kb(b.length)}${kb(gz)}${kb(br)}`);
  }
}
