// Trunk post_build hook (Trunk.toml): writes the shipped python-time-app values.yaml, which is what the editor
// shows on a first visit, into the static page shell of index.html (the <pre>s marked data-prerender), so the
// chart is on screen before the wasm has downloaded. One source of truth: the file under charts/.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR || 'dist';
const source = process.env.TRUNK_SOURCE_DIR || '.';
const html = join(staging, 'index.html');
const values = readFileSync(join(source, 'charts/python-time-app/values.yaml'), 'utf8');
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const lines = values.replace(/\n$/, '').split('\n').length;
const gutter = Array.from({ length: lines }, (_, i) => i + 1).join('\n');
let page = readFileSync(html, 'utf8');
const fill = (name, text) => {
  const tag = `data-prerender="${name}"></pre>`;
  if (!page.includes(tag)) throw new Error(`prerender: ${html} has no <pre ${tag}`);
  page = page.replace(tag, `data-prerender="${name}">${text}</pre>`);
};
fill('values', esc(values));
fill('gutter', gutter);
writeFileSync(html, page);
