// @ts-check
// Export off the logic thread, opt in. The app hands over its Worker (wx.createWorker), whose
// script installed core/worker/image-cropper-worker.js: `setWorker(worker)` on any cropper, or
// `useWorker(worker)` from this file (app.js). A mini program has at most one Worker, so the
// worker and its request queue are app-wide. The file's bytes (or the platform's pixels) are
// posted, the output bytes come back, and the component writes the file as before.
//
// The export is never lost: without a worker, when the worker cannot load the wasm, traps, is
// killed (onProcessKilled), reports an error, or does not answer, the request is exported on
// the logic thread, with the same core and the same bytes out. Each such case is reported as
// an `error` event `worker_failed` (the getImg result still comes). A worker that was killed,
// did not answer or cannot load the wasm is dropped: later exports run on the logic thread until
// the app hands over a new one.
'use strict';

var errors = require('./errors.js');
var engine = require('./engine.js');
var events = require('./worker-events.js');

var CODES = errors.CODES;

var protocol = require('./core/worker-protocol.js');

var KEY = protocol.KEY;
var ours = protocol.ours;

/** The worker acknowledges a request as soon as it takes it; no acknowledgement in this time
 *  means it is stuck or the script did not install the module. */
var ACK_TIMEOUT_MS = 5000;
/** An export that has not finished in this time is done on the logic thread instead (a 200 MP
 *  photo on an interpreting phone takes seconds, not minutes). */
var RESULT_TIMEOUT_MS = 120000;

/**
 * @typedef {{op: 'exportImage', bytes: ArrayBuffer, map: any, options: any}
 *   | {op: 'exportRgba', pixels: ArrayBuffer, width: number, height: number, map: any, options: any}} Job
 * @typedef {{bytes: Uint8Array, width: number, height: number, type: string}} Output
 * @typedef {{job: Job, wasmPath: string, id: number, timer: any,
 *   resolve: (out: Output | null) => void, reject: (err: any) => void,
 *   failed: (message: string) => void}} Request
 */

/** App-wide state: the worker in use, the request it has and those waiting, in order. */
var host = {
  /** @type {any} */
  worker: null,
  /** @type {Request | null} */
  current: null,
  /** @type {Request[]} */
  queue: [],
  nextId: 1,
  /** counts, for tests and debugging */
  stats: { posted: 0, answered: 0, fellBack: 0 },
};

/** @param {Request} req */
function clearTimer(req) {
  if (req.timer !== null) clearTimeout(req.timer);
  req.timer = null;
}

/**
 * Gives up on the worker path for the request in flight (it is exported on the logic thread),
 * reporting `message`; with `drop`, stops using the worker (every waiting request then runs
 * on the logic thread too).
 * @param {any} worker
 * @param {string} message
 * @param {boolean} drop
 */
function giveUp(worker, message, drop) {
  if (worker !== host.worker) return;
  var req = host.current;
  host.current = null;
  if (drop) host.worker = null;
  if (req) {
    clearTimer(req);
    host.stats.fellBack += 1;
    req.failed(message);
    req.resolve(null);
  }
  pump();
}

/**
 * @param {Request} req
 * @param {any} body a result message
 */
function deliver(req, body) {
  host.stats.answered += 1;
  if (body.ok) {
    req.resolve({ bytes: new Uint8Array(body.bytes), width: body.width, height: body.height, type: body.fileType });
    return;
  }
  var error = body.error || {};
  var code = typeof error.code === 'string' ? error.code : CODES.WASM_TRAP;
  var message = typeof error.message === 'string' ? error.message : '';
  if (code === CODES.LOAD_FAILED || code === CODES.WASM_TRAP) {
    host.stats.fellBack += 1;
    req.failed('the worker ' + (code === CODES.LOAD_FAILED ? 'cannot load the wasm core' : 'trapped') + ': ' + message);
    req.resolve(null);
    return;
  }
  // A core error (unsupported_format, too_large, …): the logic thread would give the same.
  req.reject(errors.cropperError(code, message));
}

/**
 * @param {any} worker
 * @param {any} body
 */
function received(worker, body) {
  var req = host.current;
  // Late answers of a request given up, or of a worker replaced, are ignored.
  if (worker !== host.worker || !req || body.id !== req.id) return;
  if (body.type === 'started') {
    clearTimer(req);
    req.timer = setTimeout(function () {
      giveUp(worker, 'the worker gave no result within ' + RESULT_TIMEOUT_MS / 1000 + ' s', true);
    }, RESULT_TIMEOUT_MS);
    return;
  }
  if (body.type !== 'result') return;
  clearTimer(req);
  host.current = null;
  var dropAfter = body.ok === false && body.error && body.error.code === CODES.LOAD_FAILED;
  if (dropAfter) host.worker = null;
  deliver(req, body);
  pump();
}

/** Posts the next waiting request when the worker is free. */
function pump() {
  while (!host.current && host.queue.length) {
    var req = /** @type {Request} */ (host.queue.shift());
    if (!host.worker) {
      req.resolve(null);
      continue;
    }
    var worker = host.worker;
    host.current = req;
    req.id = host.nextId++;
    var msg = protocol.envelope(Object.assign({ type: 'export', id: req.id, wasmPath: req.wasmPath }, req.job));
    try {
      worker.postMessage(msg);
    } catch (e) {
      giveUp(worker, 'the worker refused the request: ' + errors.toDetail(e).message, true);
      continue;
    }
    host.stats.posted += 1;
    req.timer = setTimeout(function () {
      giveUp(worker, 'the worker did not take the request within ' + ACK_TIMEOUT_MS / 1000 +
        ' s (is image-cropper-worker.js installed in its script?)', true);
    }, ACK_TIMEOUT_MS);
  }
}

/** @param {any} worker */
function takeOver(worker) {
  events.takeOver(worker, {
    message: function (res) {
      var body = ours(res);
      if (body) received(worker, body);
      return !!body;
    },
    error: function (res) {
      // A script error does not end a worker thread: the request in flight (whose answer may
      // never come) runs on the logic thread, and the worker stays in use.
      if (host.current && worker === host.worker) {
        giveUp(worker, 'the worker reported an error: ' + errors.toDetail(res).message, false);
      }
    },
    processKilled: function () { giveUp(worker, 'the worker was killed by the system (onProcessKilled)', true); },
    terminate: function () { giveUp(worker, 'the worker was terminated', true); },
  });
}

/**
 * Uses `worker` for every cropper's exports from now on; null stops using one. Hand it over
 * right after wx.createWorker, before the app registers its own listeners on it.
 * @param {any} worker a Worker from wx.createWorker, or null
 */
function useWorker(worker) {
  var next = worker === undefined ? null : worker;
  if (next === host.worker) return;
  if (next !== null && (typeof next !== 'object' || typeof next.postMessage !== 'function' ||
      typeof next.onMessage !== 'function')) {
    throw errors.cropperError(CODES.INVALID_OPTION, 'setWorker needs a Worker from wx.createWorker, or null');
  }
  var old = host.worker;
  if (old && host.current) {
    // Its answer would now be ignored: the request runs on the logic thread, silently.
    var req = host.current;
    host.current = null;
    clearTimer(req);
    req.resolve(null);
  }
  host.worker = next;
  if (next) takeOver(next);
  pump();
}

/** @typedef {import('./index.js').Controller} Controller */

var methods = {
  /**
   * The app's Worker for exports (see useWorker); a wrong argument is an `error` event.
   * @this {Controller}
   * @param {any} worker
   */
  setWorker: function (worker) {
    try {
      useWorker(worker);
    } catch (e) {
      this.emitError(e);
    }
  },

  /**
   * Runs `job` in the worker: its output, or null when it must run on the logic thread.
   * Rejects with the core's typed error, as the logic thread would.
   * @this {Controller}
   * @param {Job} job
   * @returns {Promise<Output | null>}
   */
  offThread: function (job) {
    var self = this;
    if (!host.worker) return Promise.resolve(null);
    return new Promise(function (resolve, reject) {
      host.queue.push({
        job: job,
        wasmPath: engine.wasmPathFor(self.host.is),
        id: 0,
        timer: null,
        resolve: resolve,
        reject: reject,
        failed: function (message) { self.emitError(errors.cropperError(CODES.WORKER_FAILED, message)); },
      });
      pump();
    });
  },

  /**
   * Exports `job` with the core: in the worker when there is one, else (or when it fails) here.
   * @this {Controller}
   * @param {Job} job
   * @returns {Promise<Output>}
   */
  coreExport: function (job) {
    var self = this;
    return this.offThread(job).then(function (out) {
      return out || self.ensureEngine().then(function () { return self.exportHere(job); });
    });
  },
};

module.exports = { methods: methods, useWorker: useWorker, KEY: KEY, ACK_TIMEOUT_MS: ACK_TIMEOUT_MS, RESULT_TIMEOUT_MS: RESULT_TIMEOUT_MS, stats: host.stats };
