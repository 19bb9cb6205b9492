// @ts-check
// The engine host: loads the shared wasm module, creates this instance's engine (a wasm
// `Cropper`) in it, runs every engine call through `call` so that a trap (any throw without an
// error code) drops the module and the engine is rebuilt in a fresh instance with this
// instance's state, and hands a big export's memory back to the phone.
'use strict';

var loader = require('./core/loader.js');
var errors = require('./errors.js');

var CODES = errors.CODES;

var WASM_FILE = 'core/image_cropper_wasm_bg.wasm.br';
var DEFAULT_COMPONENT_DIR = '/components/image-cropper';

/**
 * All instances share one wasm instance (loader.js). When any instance sees a trap, the module
 * is dropped and `generation` goes up: every instance's `Cropper` of an older generation is
 * dead and is rebuilt on its next use.
 */
var shared = { generation: 0 };

/**
 * Wasm memory only grows. After an export that left the instance holding more than this (a
 * big output, a huge source), the module is dropped and reloaded, so the phone gets the memory
 * back; every instance restores its state into the fresh one, as after a trap.
 */
var RELEASE_MEMORY_ABOVE = 64 * 1024 * 1024;

/**
 * The .wasm.br path in the code package from the component's own path (`this.is`), so the
 * component works in components/, in a subpackage and in miniprogram_npm/ after "Build npm".
 * @param {any} is
 */
function wasmPathFor(is) {
  var dir = DEFAULT_COMPONENT_DIR;
  if (typeof is === 'string' && is.indexOf('/') > 0 || (typeof is === 'string' && is.charAt(0) === '/')) {
    dir = '/' + is.replace(/^\/+/, '').replace(/\/[^/]*$/, '');
  }
  return dir + '/' + WASM_FILE;
}

/** @typedef {import('./index.js').Controller} Controller */

/** @param {Controller} c */
function init(c) {
  /** the generated glue (Cropper, probe, exportImage) */
  c.core = null;
  c.cropper = null;
  c.generation = -1;
  c.loading = null;
  c.loadEventSent = false;
  c.detached = false;
  /** true while build() restores state into a fresh engine (a trap then is not retried) */
  c.building = false;
}

var methods = {
  /** @this {Controller} */
  isLive: function () {
    return !!this.cropper && this.generation === shared.generation;
  },

  /** `load` {cropper}, once, when the engine first works (also when a first load failed and a
   *  later call loaded it). @this {Controller} */
  announce: function () {
    if (this.loadEventSent || this.detached || !this.isLive()) return;
    this.loadEventSent = true;
    this.emit('load', { cropper: this.host });
  },

  /** @this {Controller} */
  detach: function () {
    this.detached = true;
    this.pendingTouch = null;
    this.cancelDim();
    if (this.isLive()) {
      try { this.cropper.free(); } catch (e) { /* the instance is going away anyway */ }
    }
    this.cropper = null;
  },

  /**
   * Resolves once this instance has a live engine, loading the wasm module and (re)building the
   * engine when needed. Rejects with load_failed.
   * @this {Controller}
   * @returns {Promise<void>}
   */
  ensureEngine: function () {
    var self = this;
    if (this.isLive()) return Promise.resolve();
    if (this.detached) return Promise.reject(errors.cropperError(CODES.DETACHED, 'the component is detached'));
    if (this.loading) return this.loading;
    var generation = shared.generation;
    /** @type {Promise<void>} */
    var attempt = loader.load(wasmPathFor(this.host.is)).then(function (core) {
      if (self.loading === attempt) self.loading = null;
      if (self.detached) throw errors.cropperError(CODES.DETACHED, 'the component is detached');
      // A trap elsewhere while this load settled: this module may be the dropped one.
      if (generation !== shared.generation) return self.ensureEngine();
      // Another caller may have built it while this load was settling.
      if (!self.isLive()) self.build(core);
      self.announce();
      return undefined;
    }, function (err) {
      if (self.loading === attempt) self.loading = null;
      throw errors.isCodedError(err) ? err : errors.cropperError(CODES.LOAD_FAILED, errors.toDetail(err).message);
    });
    this.loading = attempt;
    return attempt;
  },

  /** Rebuilds a dropped engine in the background (errors become events). @this {Controller}
   *  @returns {Promise<void>} */
  revive: function () {
    var self = this;
    if (this.detached) return Promise.resolve();
    return errors.quiet(this.ensureEngine().catch(function (err) { self.emitError(err); throw err; }));
  },

  /**
   * Creates the engine in the freshly loaded module and restores this instance's state into it:
   * properties, the image size and the last crop.
   * @this {Controller}
   * @param {any} core
   */
  build: function (core) {
    var generation = shared.generation;
    var cropper;
    try {
      cropper = new core.Cropper(this.viewport.width, this.viewport.height);
    } catch (e) {
      if (!errors.isCodedError(e)) loader.reset();
      throw errors.cropperError(CODES.LOAD_FAILED, 'cannot create the engine: ' + errors.toDetail(e).message);
    }
    this.core = core;
    this.cropper = cropper;
    this.generation = generation;
    this.building = true;
    try {
      this.restore();
      if (!this.isLive()) throw errors.cropperError(CODES.LOAD_FAILED, 'the wasm core trapped while the engine was restored');
    } finally {
      this.building = false;
    }
  },

  /**
   * Runs `fn(cropper, core)` against the live engine, properties changed since the last call
   * applied first. A typed core error (it has a `code`) is rethrown; anything else is a trap:
   * the module is dropped, a fresh one is loaded in the background and a `wasm_trap` error is
   * thrown.
   * @this {Controller}
   * @template T
   * @param {(cropper: any, core: any) => T} fn
   * @returns {T}
   */
  call: function (fn) {
    if (this.detached) throw errors.cropperError(CODES.DETACHED, 'the component is detached');
    if (!this.isLive()) throw errors.cropperError(CODES.LOAD_FAILED, 'the wasm core is not loaded yet');
    this.flushProps();
    try {
      return fn(this.cropper, this.core);
    } catch (e) {
      if (errors.isCodedError(e)) throw e;
      throw this.recoverFromTrap(e);
    }
  },

  /**
   * `call`, reporting any failure as an `error` event instead of throwing.
   * @this {Controller}
   * @template T
   * @param {(cropper: any, core: any) => T} fn
   * @returns {T | undefined}
   */
  safeCall: function (fn) {
    try {
      return this.call(fn);
    } catch (e) {
      this.emitError(e);
      return undefined;
    }
  },

  /**
   * @this {Controller}
   * @param {any} cause what the trapped call threw
   * @returns {Error}
   */
  recoverFromTrap: function (cause) {
    var self = this;
    this.dropModule();
    // A trap while restoring state into a fresh engine would likely repeat: load again only
    // when the next call needs the engine, not in a loop.
    if (!this.building) this.ensureEngine().catch(function (err) { self.emitError(err); });
    return errors.cropperError(CODES.WASM_TRAP,
      'the wasm core trapped and was restarted: ' + errors.toDetail(cause).message);
  },

  /** Drops the shared module: every instance's engine is rebuilt in a fresh one when used.
   *  @this {Controller} */
  dropModule: function () {
    shared.generation += 1;
    loader.reset();
    // The old Cropper's pointer means nothing in a new instance: drop it, never free() it.
    this.cropper = null;
    this.core = null;
    this.loading = null;
  },

  /** After an export: hands a big export's memory back (see RELEASE_MEMORY_ABOVE).
   *  @this {Controller} */
  releaseMemoryIfLarge: function () {
    if (loader.memoryBytes() <= RELEASE_MEMORY_ABOVE) return;
    var self = this;
    this.dropModule();
    this.ensureEngine().catch(function (err) { self.emitError(err); });
  },
};

module.exports = { init: init, methods: methods, wasmPathFor: wasmPathFor, shared: shared };
