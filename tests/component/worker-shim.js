// A WeChat Worker for the component tests, backed by a Node worker thread (worker-thread.js)
// that runs the app's real worker script with the real wasm. The object has what WeChat's
// main-thread Worker has: postMessage, onMessage, onError, onProcessKilled, terminate. Test
// helpers: kill() (the system ends the thread: onProcessKilled), release() (a held thread goes
// on), onHold (called when the thread holds, see the `hold` knob), received (what reached the
// app's listeners), posted (what was posted to the thread).
//
// settle() sees the thread through mock.busy: each posted message is work in progress until the
// thread says it is quiet (or holds, or ends); messages from the thread reach listeners through
// mock.later.
'use strict';

const path = require('path');
const { Worker } = require('worker_threads');

const { appDir } = require('./wx-mock.js');

const mock = global.__wxMock;
const live = new Set();

/**
 * A message from the thread rebuilt with this test realm's objects: Node deserialises it in its
 * own context, while jest runs the component in a vm context (instanceof ArrayBuffer would fail
 * there; WeChat has one realm).
 */
function local(value) {
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object ArrayBuffer]') {
    const copy = new ArrayBuffer(value.byteLength);
    new Uint8Array(copy).set(new Uint8Array(value));
    return copy;
  }
  if (Array.isArray(value)) return value.map(local);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value)) out[key] = local(value[key]);
    return out;
  }
  return value;
}

class WorkerShim {
  /**
   * @param {string} script the worker script: relative to the mini program root (as
   *   wx.createWorker takes it) or absolute
   * @param {{listeners?: 'single' | 'many', wrap?: boolean, wasm?: 'fail', hold?: 'started' | 'result'}} [knobs]
   */
  constructor(script = 'workers/index.js', knobs = {}) {
    this.knobs = knobs;
    this.listeners = { message: [], error: [], processKilled: [] };
    this.received = [];
    this.posted = [];
    this.waiters = [];
    this.seq = 0;
    this.dead = false;
    this.onHold = null;
    this.holdFlag = new SharedArrayBuffer(4);
    this.thread = new Worker(path.join(__dirname, 'worker-thread.js'), {
      workerData: { appDir, script, listeners: knobs.listeners || 'many', wrap: !!knobs.wrap, wasm: knobs.wasm, hold: knobs.hold, holdFlag: this.holdFlag },
    });
    this.started = this.track();
    this.thread.on('message', (m) => this.fromThread(m));
    this.thread.on('error', (e) => this.emit('error', { message: e.message }));
    live.add(this);
  }

  /** Work in progress until the thread is quiet again. */
  track() {
    const seq = this.seq;
    return mock.track(new Promise((resolve) => this.waiters.push({ seq, resolve })));
  }

  quiet(seq) {
    const done = this.waiters.filter((w) => w.seq <= seq);
    this.waiters = this.waiters.filter((w) => w.seq > seq);
    done.forEach((w) => w.resolve());
  }

  fromThread(m) {
    if (this.dead) return;
    if (m.shim === 'message') {
      const msg = local(m.msg);
      mock.later(() => this.emit('message', this.knobs.wrap ? { message: msg } : msg));
    } else if (m.shim === 'quiet') {
      this.quiet(m.seq);
    } else if (m.shim === 'holding') {
      this.quiet(Infinity);
      if (this.onHold) mock.later(() => this.onHold(m.type));
    } else if (m.shim === 'error') {
      mock.later(() => this.emit('error', { message: m.message }));
    } else if (m.shim === 'killme') {
      this.kill();
    }
  }

  emit(kind, res) {
    if (this.dead && kind !== 'processKilled') return;
    if (kind === 'message') this.received.push(res);
    for (const fn of this.listeners[kind].slice()) fn(res);
  }

  on(kind, fn) {
    if (this.knobs.listeners === 'single') this.listeners[kind] = [];
    this.listeners[kind].push(fn);
  }

  postMessage(msg) {
    if (this.dead) throw new Error('postMessage: the worker is terminated');
    this.seq += 1;
    this.posted.push(msg);
    this.track();
    this.thread.postMessage({ shim: 'post', seq: this.seq, msg });
  }

  onMessage(fn) { this.on('message', fn); }
  onError(fn) { this.on('error', fn); }
  onProcessKilled(fn) { this.on('processKilled', fn); }

  end() {
    this.dead = true;
    live.delete(this);
    this.quiet(Infinity);
    return this.thread.terminate();
  }

  terminate() {
    this.end();
  }

  /** The system ends the thread: onProcessKilled listeners hear of it. */
  kill() {
    this.end();
    mock.later(() => this.emit('processKilled', {}));
  }

  /** Lets a held thread go on. */
  release() {
    this.track();
    const flag = new Int32Array(this.holdFlag);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
}

/** Ends every thread still running (afterEach). */
async function endAll() {
  await Promise.all([...live].map((w) => w.end()));
}

module.exports = { WorkerShim, endAll };
