// Test-only wasm helpers: a module whose one function traps (a real `unreachable`, giving the
// same WebAssembly.RuntimeError a trapped core throws), and a rewrite of a module's memory
// section that caps its maximum size (so `memory.grow` fails as on a phone out of memory), and
// one that adds a global export (what WeChat on iOS refuses).
'use strict';

/** (module (func (export "trap") unreachable)) */
const TRAP_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x07, 0x08, 0x01, 0x04, 0x74, 0x72, 0x61, 0x70, 0x00, 0x00, // export "trap" = func 0
  0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b, // code: no locals, unreachable, end
]);

function trapFunction() {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(TRAP_MODULE), {});
  return instance.exports.trap;
}

function readLeb(bytes, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return { value: result, pos };
  }
}

function leb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

/**
 * The module with its (one, defined) memory limited to `maxPages` 64 KiB pages, or to its
 * initial size plus `extraPages` when `maxPages` is null. Returns {bytes, min, max}.
 */
function capMemory(bytes, { maxPages = null, extraPages = 0 } = {}) {
  const src = Uint8Array.from(bytes);
  let pos = 8;
  const parts = [src.subarray(0, 8)];
  let found = null;
  while (pos < src.length) {
    const id = src[pos];
    const size = readLeb(src, pos + 1);
    const start = size.pos;
    const end = start + size.value;
    if (id === 5) {
      const count = readLeb(src, start);
      if (count.value !== 1) throw new Error('expected one memory');
      const flags = src[count.pos];
      const min = readLeb(src, count.pos + 1);
      const max = maxPages !== null ? maxPages : min.value + extraPages;
      if (max < min.value) throw new Error(`max ${max} < min ${min.value}`);
      if (flags & 0x02) throw new Error('shared memory not expected');
      const body = [1, 0x01, ...leb(min.value), ...leb(max)];
      parts.push(Uint8Array.from([5, ...leb(body.length), ...body]));
      found = { min: min.value, max, oldFlags: flags };
    } else {
      parts.push(src.subarray(pos, end));
    }
    pos = end;
  }
  if (!found) throw new Error('no memory section (memory imported?)');
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return { bytes: out, min: found.min, max: found.max };
}

/** Concatenates byte arrays. */
function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** The module with one more export: `name` for global `index` (the module must define it). */
function exportGlobal(bytes, name, index = 0) {
  const src = Uint8Array.from(bytes);
  const parts = [src.subarray(0, 8)];
  let pos = 8;
  let done = false;
  while (pos < src.length) {
    const id = src[pos];
    const size = readLeb(src, pos + 1);
    const end = size.pos + size.value;
    if (id === 7) {
      const count = readLeb(src, size.pos);
      const nameBytes = Array.from(Buffer.from(name, 'utf8'));
      const body = concat([Uint8Array.from(leb(count.value + 1)), src.subarray(count.pos, end),
        Uint8Array.from([...leb(nameBytes.length), ...nameBytes, 0x03, ...leb(index)])]);
      parts.push(Uint8Array.from([7, ...leb(body.length)]), body);
      done = true;
    } else {
      parts.push(src.subarray(pos, end));
    }
    pos = end;
  }
  if (!done) throw new Error('no export section');
  return concat(parts);
}

module.exports = { trapFunction, capMemory, exportGlobal };
