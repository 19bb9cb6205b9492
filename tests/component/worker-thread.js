// The inside of the test Worker (worker-shim.js): a Node worker thread that looks like a
// WeChat worker to the app's worker script: a global `worker` (postMessage, onMessage,
// testOnProcessKilled) and a global WXWebAssembly that instantiates a code-package .wasm.br by
// its path, as WeChat does from base library 2.15.0. Then it runs the app's worker script.
// Messages cross the thread boundary by Node's structured clone: ArrayBuffers are copied, as
// WeChat copies them.
//
// For settle(): after each message and each instantiation, once nothing is left to run, it
// tells the main side it is quiet. Test knobs (workerData): listeners 'single' (onMessage keeps
// the last listener only) or 'many'; wrap (listeners get {message}); wasm 'fail' (no
// WXWebAssembly); hold ('started' | 'result': the thread stops before posting that message of
// ours, until the main side releases or ends it).
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { parentPort, workerData } = require('worker_threads');

const { appDir, script, listeners: listenerMode, wrap, wasm, hold, holdFlag } = workerData;
const KEY = '__imageCropper';

let inFlight = 0;
let lastSeq = 0;
/** @type {Function[]} */
let listeners = [];

function quietLater() {
  setImmediate(() => {
    if (inFlight === 0) parentPort.postMessage({ shim: 'quiet', seq: lastSeq });
  });
}

/** Blocks this thread (as a busy export would) until the main side releases it. */
function holdHere(type) {
  parentPort.postMessage({ shim: 'holding', type, seq: lastSeq });
  const flag = new Int32Array(holdFlag);
  while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0, 50);
}

global.worker = {
  env: { USER_DATA_PATH: 'wxfile://usr' },
  onMessage(listener) {
    if (listenerMode === 'single') listeners = [];
    listeners.push(listener);
  },
  postMessage(msg) {
    if (hold && msg && msg[KEY] && msg[KEY].type === hold) holdHere(hold);
    parentPort.postMessage({ shim: 'message', msg });
  },
  testOnProcessKilled() {
    parentPort.postMessage({ shim: 'killme' });
  },
};

const modules = new Map();
global.WXWebAssembly = {
  instantiate(wasmPath, imports) {
    inFlight += 1;
    return new Promise((resolve, reject) => setImmediate(() => {
      try {
        if (wasm === 'fail') throw new Error('WXWebAssembly.instantiate: not supported here');
        if (!modules.has(wasmPath)) {
          let bytes = fs.readFileSync(path.join(appDir, wasmPath));
          if (wasmPath.endsWith('.br')) bytes = zlib.brotliDecompressSync(bytes);
          modules.set(wasmPath, new WebAssembly.Module(bytes));
        }
        resolve(new WebAssembly.Instance(modules.get(wasmPath), imports));
      } catch (e) {
        reject(e);
      } finally {
        inFlight -= 1;
        quietLater();
      }
    }));
  },
};

parentPort.on('message', (m) => {
  if (m.shim !== 'post') return;
  lastSeq = m.seq;
  const payload = wrap ? { message: m.msg } : m.msg;
  for (const fn of listeners.slice()) {
    try {
      fn(payload);
    } catch (e) {
      parentPort.postMessage({ shim: 'error', message: String(e && e.message) });
    }
  }
  quietLater();
});

try {
  require(path.isAbsolute(script) ? script : path.join(appDir, script));
} catch (e) {
  parentPort.postMessage({ shim: 'error', message: String(e && e.stack) });
}
parentPort.postMessage({ shim: 'quiet', seq: 0 });
