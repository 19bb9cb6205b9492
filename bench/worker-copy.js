// ./build.sh bench: what a Worker export adds, the copies of postMessage (issue 13, item 2).
// The component posts the file's bytes to the app's worker and gets the output's bytes back;
// the platform fallback posts RGBA pixels. Measured with Node's worker_threads (V8's structured
// clone: the same copy semantics as WeChat's postMessage, not WeChat's implementation): the
// round trip of a payload one way and an empty answer the other, minus the round trip of an
// empty message, median of 15 after 3 warm-ups; and structuredClone() of the payload in one
// thread (the serialise + copy alone).
'use strict';

const { Worker } = require('worker_threads');
const { loadCore } = require('./core');
const { taskA } = require('./tasks');

const RUNS = 15;
const WARMUPS = 3;

/** The echo thread: `to` messages are answered empty; `from` messages with `size` bytes. */
const THREAD = `
const { parentPort } = require('worker_threads');
const buffers = new Map();
parentPort.on('message', (m) => {
  if (m.kind === 'to') { parentPort.postMessage({ __imageCropper: { type: 'result', id: m.id } }); return; }
  if (!buffers.has(m.size)) buffers.set(m.size, new ArrayBuffer(m.size));
  parentPort.postMessage({ __imageCropper: { type: 'result', id: m.id, bytes: buffers.get(m.size) } });
});
`;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function roundTrip(thread, message) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    thread.once('message', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
    thread.postMessage(message);
  });
}

async function timed(thread, make) {
  const times = [];
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    const t = await roundTrip(thread, make(i));
    if (i >= WARMUPS) times.push(t);
  }
  return median(times);
}

function cloneMs(payload) {
  const times = [];
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    const t0 = process.hrtime.bigint();
    structuredClone({ __imageCropper: { bytes: payload } });
    if (i >= WARMUPS) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

async function payloads() {
  const task = await taskA(4032, 3024);
  const { core } = await loadCore();
  const jpg = core.exportImage(new Uint8Array(task.input), task.map, task.options).bytes;
  const png = core.exportImage(new Uint8Array(task.input), task.map, { fileType: 'png' }).bytes;
  const buffer = (n) => new ArrayBuffer(n);
  return [
    { name: '12 MP JPEG file (task A input), to the worker', dir: 'to', size: task.input.length },
    { name: '1080² JPEG q90 output, back', dir: 'from', size: jpg.length },
    { name: '1080² PNG output, back', dir: 'from', size: png.length },
    { name: '1080² RGBA pixels (platform path), to the worker', dir: 'to', size: 1080 * 1080 * 4 },
    { name: '4096² RGBA pixels (platform path at its limit), to the worker', dir: 'to', size: 4096 * 4096 * 4 },
  ].map((p) => Object.assign(p, { buffer: buffer(p.size) }));
}

async function workerCopyBench() {
  console.log('\n# postMessage copies of a Worker export (Node worker_threads, median of 15)');
  const thread = new Worker(THREAD, { eval: true });
  try {
    const empty = await timed(thread, (id) => ({ kind: 'to', id }));
    console.log(`  empty round trip: ${empty.toFixed(3)} ms`);
    for (const p of await payloads()) {
      const rt = p.dir === 'to'
        ? await timed(thread, (id) => ({ kind: 'to', id, __imageCropper: { type: 'export', id, bytes: p.buffer } }))
        : await timed(thread, (id) => ({ kind: 'from', id, size: p.size }));
      const mb = p.size / 1e6;
      const oneWay = Math.max(0, rt - empty);
      console.log(`  ${p.name}: ${mb.toFixed(2)} MB, +${oneWay.toFixed(2)} ms over an empty round trip ` +
        `(${(mb / Math.max(oneWay, 1e-3) * 1000).toFixed(0)} MB/s); structuredClone ${cloneMs(p.buffer).toFixed(2)} ms`);
    }
  } finally {
    await thread.terminate();
  }
}

module.exports = { workerCopyBench };

if (require.main === module) workerCopyBench().catch((e) => { console.error(e); process.exit(1); });
