#!/usr/bin/env node
// Removes every global export from a wasm module, in place: WeChat's WXWebAssembly on iOS does
// not support exporting a Global (its documentation: exports may be functions, Memory and
// Table). wasm-bindgen's runtime exports two address globals (`__instance_terminated`,
// `__abort_handler`) that its generated glue never reads; the component's loader reads none
// either. Editing the export section (rather than naming those two) keeps working whatever
// globals a later wasm-bindgen exports. Prints what it removed.
//   node scripts/strip-global-exports.js module.wasm
'use strict';

const fs = require('fs');

const SECTION_EXPORT = 7;
const KIND_GLOBAL = 3;

function readU32(bytes, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (pos >= bytes.length) throw new Error('LEB128 runs past the end of the module');
    const b = bytes[pos++];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, pos];
    shift += 7;
    if (shift > 28) throw new Error('LEB128 longer than a u32');
  }
}

function writeU32(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) b |= 0x80;
    out.push(b);
  } while (value !== 0);
  return Buffer.from(out);
}

/** The export section's entries: {name, kind, bytes (the whole encoded entry)}. */
function parseExports(body) {
  let [count, pos] = readU32(body, 0);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const start = pos;
    let len;
    [len, pos] = readU32(body, pos);
    const name = body.subarray(pos, pos + len).toString('utf8');
    pos += len;
    const kind = body[pos++];
    [, pos] = readU32(body, pos);
    entries.push({ name, kind, bytes: body.subarray(start, pos) });
  }
  if (pos !== body.length) throw new Error('export section has trailing bytes');
  return entries;
}

/** The module without global exports, and the names removed. */
function stripGlobalExports(wasm) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const parts = [wasm.subarray(0, 8)];
  const removed = [];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const [size, bodyStart] = readU32(wasm, pos + 1);
    const end = bodyStart + size;
    if (end > wasm.length) throw new Error(`section ${id} runs past the end of the module`);
    if (id === SECTION_EXPORT) {
      const entries = parseExports(wasm.subarray(bodyStart, end));
      const kept = entries.filter((e) => e.kind !== KIND_GLOBAL);
      entries.filter((e) => e.kind === KIND_GLOBAL).forEach((e) => removed.push(e.name));
      const body = Buffer.concat([writeU32(kept.length), ...kept.map((e) => e.bytes)]);
      parts.push(Buffer.from([id]), writeU32(body.length), body);
    } else {
      parts.push(wasm.subarray(pos, end));
    }
    pos = end;
  }
  return { wasm: Buffer.concat(parts), removed };
}

function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: strip-global-exports.js module.wasm');
    process.exit(2);
  }
  const { wasm, removed } = stripGlobalExports(fs.readFileSync(file));
  fs.writeFileSync(file, wasm);
  console.log(`strip-global-exports: ${removed.length ? 'removed ' + removed.join(', ') : 'no global exports'}`);
}

if (require.main === module) main();

module.exports = { stripGlobalExports };
