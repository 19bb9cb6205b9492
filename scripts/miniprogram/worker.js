// The image cropper's export inside the app's Worker. Copied by build.sh (scripts/package.js)
// to the component's core/worker/image-cropper-worker.js, beside the loader and the glue: copy
// that folder into the app's worker folder (app.json "workers") and, in the worker script,
//   require('./image-cropper/image-cropper-worker.js').install(worker);
// before the app registers its own worker.onMessage.
//
// A worker can require only files inside the worker folder, which packs .js files only: the
// glue is copied here, the .wasm.br stays in the component's core/ and is instantiated by its
// code-package path, which each request carries (base library >= 2.15.0 has WXWebAssembly in
// workers). Messages are namespaced (worker-protocol.js) so the app's own messages pass by
// untouched.
//
// Protocol (every message is {__imageCropper: body}):
//   in:  {type: 'export', id, wasmPath, op: 'exportImage', bytes: ArrayBuffer, map, options}
//        {type: 'export', id, wasmPath, op: 'exportRgba', pixels: ArrayBuffer, width, height, map, options}
//   out: {type: 'started', id}                      at once: the worker is alive and installed
//        {type: 'result', id, ok: true, bytes: ArrayBuffer, width, height, fileType}
//        {type: 'result', id, ok: false, error: {code, message}}
// A core error keeps its code (the logic thread would give the same); `load_failed` and
// `wasm_trap` tell the component to export on the logic thread instead.
'use strict';

var loader = require('./loader.js');
var protocol = require('./worker-protocol.js');

var KEY = protocol.KEY;
var ours = protocol.ours;

/** Wasm memory only grows: after an export that left more than this, the instance is dropped
 *  so the phone gets the memory back (the component does the same on the logic thread). */
var RELEASE_MEMORY_ABOVE = 64 * 1024 * 1024;

function send(w, body) {
  w.postMessage(protocol.envelope(body));
}

/** @param {any} err */
function detail(err, fallbackCode) {
  var coded = !!err && typeof err.code === 'string' && err.code.length > 0;
  return {
    code: coded ? err.code : fallbackCode,
    message: err && typeof err.message === 'string' ? err.message : String(err),
  };
}

/** The bytes of a Uint8Array as an ArrayBuffer of exactly that length. */
function bufferOf(bytes) {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

function run(core, job) {
  if (job.op === 'exportRgba') {
    return core.exportRgba(new Uint8Array(job.pixels), job.width, job.height, job.map, job.options);
  }
  return core.exportImage(new Uint8Array(job.bytes), job.map, job.options);
}

function exportJob(w, core, job) {
  var out;
  try {
    out = run(core, job);
  } catch (e) {
    var d = detail(e, 'wasm_trap');
    // A throw without a code is a trap: the next request gets a fresh instance.
    if (d.code === 'wasm_trap') loader.reset();
    send(w, { type: 'result', id: job.id, ok: false, error: d });
    return;
  }
  if (loader.memoryBytes() > RELEASE_MEMORY_ABOVE) loader.reset();
  send(w, { type: 'result', id: job.id, ok: true, bytes: bufferOf(out.bytes), width: out.width, height: out.height, fileType: out.type });
}

function handle(w, job) {
  if (job.type !== 'export') return;
  send(w, { type: 'started', id: job.id });
  loader.load(job.wasmPath).then(function (core) {
    exportJob(w, core, job);
  }, function (err) {
    send(w, { type: 'result', id: job.id, ok: false, error: detail(err, 'load_failed') });
  });
}

/**
 * Serves the component's export requests on `w` (the worker script's global `worker`). Every
 * other message goes to the listeners the app registers with w.onMessage after this call (and
 * to listeners registered before it, where the platform keeps several). Installing twice is a
 * no-op.
 * @param {any} w
 */
function install(w) {
  if (!w || typeof w.onMessage !== 'function' || typeof w.postMessage !== 'function') {
    throw new Error('image-cropper-worker: install(worker) needs the worker script\'s global `worker`');
  }
  if (w[KEY + 'Installed']) return w;
  w[KEY + 'Installed'] = true;
  var appListeners = [];
  var register = w.onMessage;
  register.call(w, function (res) {
    var job = ours(res);
    if (job) {
      handle(w, job);
      return;
    }
    for (var i = 0; i < appListeners.length; i++) appListeners[i](res);
  });
  // Where the platform keeps one listener, the app's own registration would replace ours:
  // later registrations join the list above instead. A frozen object keeps the original
  // (then the app must not call onMessage itself, or the component's requests go unanswered
  // and it exports on the logic thread).
  try {
    w.onMessage = function (listener) {
      if (typeof listener === 'function') appListeners.push(listener);
    };
  } catch (e) {
    // see above
  }
  return w;
}

module.exports = { install: install, KEY: KEY };
