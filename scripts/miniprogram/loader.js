// Loads the wasm core for the component, once per app (once per thread: core/worker/ has a
// copy for the worker module). Copied by build.sh from scripts/miniprogram/loader.js into the
// component's core/ and core/worker/ folders: edit it there, not here.
//
// Mini programs load wasm only through WXWebAssembly.instantiate(pathInCodePackage, imports):
// no fetch, no import.meta, no WebAssembly global. The path comes from the component's own
// location (this.is), so it works in components/ and in miniprogram_npm/ after "Build npm".
'use strict';

var glue = require('./image_cropper_wasm_bg.js');

// The module name the wasm imports its JS functions from (wasm-bindgen's bundler target).
var IMPORT_MODULE = './image_cropper_wasm_bg.js';

var pending = null;
/** The live instance's memory (to tell how much a big export left allocated). */
var memory = null;

function loadError(message, cause) {
  var err = new Error(message + (cause && cause.message ? ': ' + cause.message : ''));
  /** @type {any} */ (err).code = 'load_failed';
  return err;
}

function instantiate(wasmPath) {
  if (typeof WXWebAssembly === 'undefined' || !WXWebAssembly.instantiate) {
    return Promise.reject(loadError('WXWebAssembly is not available (base library >= 2.14 needed)'));
  }
  var imports = {};
  imports[IMPORT_MODULE] = glue;
  return Promise.resolve()
    .then(function () { return WXWebAssembly.instantiate(wasmPath, imports); })
    // The typings say Instance; some versions resolve to {instance, module}.
    .then(function (result) { return result && result.instance ? result.instance : result; });
}

/**
 * The core API (see docs/architecture.md), shared by every component instance.
 * @param {string} wasmPath path of the .wasm.br inside the code package, starting with '/'
 */
function load(wasmPath) {
  if (!pending) {
    var attempt = instantiate(wasmPath).then(function (instance) {
      glue.__wbg_reset_state();
      glue.__wbg_set_wasm(instance.exports);
      memory = instance.exports.memory || null;
      if (instance.exports.__wbindgen_start) instance.exports.__wbindgen_start();
      return glue;
    }, function (cause) {
      throw cause && cause.code ? cause : loadError('cannot instantiate ' + wasmPath, cause);
    });
    pending = attempt;
    // A failed load may be retried by the next call.
    attempt.catch(function () { if (pending === attempt) pending = null; });
  }
  return pending;
}

/**
 * Drops the instance, e.g. after a trap left it in an unknown state: the next load()
 * instantiates a fresh module with fresh memory. Objects made by the old instance
 * (Cropper) must not be used any more.
 */
function reset() {
  pending = null;
  memory = null;
}

/** Bytes of linear memory the live instance holds (wasm memory grows, it never shrinks). */
function memoryBytes() {
  return memory && memory.buffer ? memory.buffer.byteLength : 0;
}

module.exports = { load: load, reset: reset, memoryBytes: memoryBytes };
