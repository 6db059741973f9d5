// What each engine costs the page, so a feature's size is known before it lands (issue 8: "measure after every
// feature"). Reads the release wasm that still has its name section (target/, before wasm-bindgen and wasm-opt;
// scripts/release-env.sh keeps the names there), groups every function by its Rust module, and prints each
// group's marginal brotli cost: the code's brotli size minus the brotli size of the code without that group.
// That is what removing the group would save, which a group's own compressed size is not (shared patterns
// compress once). Before wasm-opt the code is about 12 % larger than what ships; the shares are what matter.
//
//   node scripts/wasm-cost.mjs [target/wasm32-unknown-unknown/release/stsplay-web.wasm]
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const file = process.argv[2] || 'target/wasm32-unknown-unknown/release/stsplay-web.wasm';
const b = readFileSync(file);

function leb(i) {
  let r = 0, s = 0;
  for (;;) {
    const x = b[i++];
    r += (x & 0x7f) * 2 ** s;
    s += 7;
    if (x < 0x80) return [r, i];
  }
}
const str = (i) => {
  const [l, j] = leb(i);
  return [b.subarray(j, j + l).toString('utf8'), j + l];
};

let imports = 0, bodies = [], data = null;
const names = new Map();
for (let i = 8; i < b.length;) {
  const id = b[i++];
  const [size, start] = leb(i);
  const end = start + size;
  if (id === 2) {
    let [n, j] = leb(start);
    for (let k = 0; k < n; k++) {
      j = str(j)[1];
      j = str(j)[1];
      const kind = b[j++];
      if (kind === 0) { j = leb(j)[1]; imports++; }
      else if (kind === 1) { j++; const [fl, a] = leb(j); j = leb(a)[1]; if (fl & 1) j = leb(j)[1]; }
      else if (kind === 2) { const [fl, a] = leb(j); j = leb(a)[1]; if (fl & 1) j = leb(j)[1]; }
      else if (kind === 3) j += 2;
      else if (kind === 4) j = leb(j + 1)[1];
    }
  } else if (id === 10) {
    let [n, j] = leb(start);
    for (let k = 0; k < n; k++) {
      const [l, a] = leb(j);
      bodies.push(b.subarray(a, a + l));
      j = a + l;
    }
  } else if (id === 11) {
    data = b.subarray(start, end);
  } else if (id === 0) {
    let [nm, j] = str(start);
    if (nm === 'name') {
      while (j < end) {
        const sub = b[j++];
        const [sl, a] = leb(j);
        if (sub === 1) {
          let [n, k] = leb(a);
          for (let c = 0; c < n; c++) {
            const [idx, k2] = leb(k);
            const [s, k3] = str(k2);
            names.set(idx, s);
            k = k3;
          }
        }
        j = a + sl;
      }
    }
  }
  i = end;
}
if (!names.size) {
  console.error(`${file} has no function names: build it with scripts/release-env.sh (strip = false)`);
  process.exit(1);
}

// The first identifiers of a Rust symbol (v0 `_R...` or legacy `_ZN...E`): crate, module, submodule.
function path(sym) {
  const out = [];
  if (sym.startsWith('_ZN')) {
    for (let k = 3; k < sym.length && out.length < 3;) {
      const m = /^\d+/.exec(sym.slice(k));
      if (!m) break;
      const l = Number(m[0]);
      k += m[0].length;
      out.push(sym.slice(k, k + l));
      k += l;
    }
    return out;
  }
  // v0: the crate is `C<disambiguator>_<len><name>` (or `C<len><name>`); modules are `Nt<parent><len><name>`, so
  // read the identifiers after the innermost crate root in order.
  const crate = /C(?:s[0-9A-Za-z]*_)?(\d+)([A-Za-z_]\w*)/.exec(sym);
  if (!crate) return [sym.slice(0, 24)];
  const l = Number(crate[1]);
  out.push(crate[2].slice(0, l));
  let rest = sym.slice(crate.index + crate[0].length - crate[2].length + l);
  while (out.length < 3) {
    const m = /^(\d+)([A-Za-z_]\w*)/.exec(rest);
    if (!m) break;
    const n = Number(m[1]);
    out.push(m[2].slice(0, n));
    rest = rest.slice(m[1].length + n);
  }
  return out;
}

// Engines a feature decision is about: the terminal's tools one by one, Helm's function library and schema
// checks, the rest of each top-level module, then libraries.
const SPLIT = {
  shell: ['kubectl', 'jq', 'awk', 'sed', 'helm_cmd', 'helm_package', 'helm_hooks', 'net', 'coreutils', 'grep',
    'fileutils', 'watch', 'printers', 'jsonpath', 'param', 'declare', 'eval', 'pathname'],
  helm: ['funcs', 'schema', 'schema_format', 'archive', 'deps', 'template'],
};
function group(sym) {
  if (sym.includes('__wbindgen_describe')) return null; // wasm-bindgen removes these
  const p = path(sym);
  if (p[0] === 'stsplay') {
    const sub = SPLIT[p[1]];
    if (sub && sub.includes(p[2])) return `${p[1]}::${p[2]}`;
    return p[1] && /^[a-z_0-9]+$/.test(p[1]) ? p[1] : 'stsplay (other)';
  }
  if (['core', 'alloc', 'std', 'compiler_builtins', 'dlmalloc'].includes(p[0])) return 'Rust std';
  if (['leptos', 'tachys', 'reactive_graph', 'leptos_macro', 'any_spawner', 'or_poisoned', 'throw_error',
    'next_tuple', 'send_wrapper', 'oco_ref', 'guardian'].includes(p[0])) return 'Leptos';
  if (['wasm_bindgen', 'js_sys', 'web_sys', 'wasm_bindgen_futures', 'gloo_timers'].includes(p[0])) return 'wasm-bindgen, js-sys, web-sys';
  if (/^[a-z_0-9]+$/.test(p[0] || '')) return p[0];
  return 'other';
}

const groups = new Map();
bodies.forEach((body, k) => {
  const g = group(names.get(k + imports) || '?');
  if (g === null) return;
  if (!groups.has(g)) groups.set(g, []);
  groups.get(g).push(k);
});
const br = (bufs) =>
  brotliCompressSync(Buffer.concat(bufs), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24 },
  }).length;
const kept = [...groups.values()].flat().sort((x, y) => x - y);
const all = br(kept.map((k) => bodies[k]));
const rows = [];
let small = [];
for (const [g, ks] of groups) {
  const raw = ks.reduce((s, k) => s + bodies[k].length, 0);
  if (raw < 4096) { small.push(...ks); continue; }
  const out = new Set(ks);
  rows.push({ g, raw, cost: all - br(kept.filter((k) => !out.has(k)).map((k) => bodies[k])) });
}
if (small.length) {
  const out = new Set(small);
  rows.push({
    g: '(groups under 4 KB)', raw: small.reduce((s, k) => s + bodies[k].length, 0),
    cost: all - br(kept.filter((k) => !out.has(k)).map((k) => bodies[k])),
  });
}
rows.sort((x, y) => y.cost - x.cost);
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
console.log(`code of ${file} (before wasm-opt): ${kb(kept.reduce((s, k) => s + bodies[k].length, 0)).trim()} raw, ` +
  `${kb(all).trim()} brotli`);
console.log('  module                                  raw code   brotli saved without it');
for (const r of rows) console.log(`  ${r.g.padEnd(36)}${kb(r.raw)}${kb(r.cost)}`);
if (data) console.log(`data (strings, charts, lessons, tables): ${kb(data.length).trim()} raw, ${kb(br([data])).trim()} brotli`);
