// @ts-check
// One component instance's state: its engine (a wasm `Cropper`), the current image, the view
// data last sent to the page, and the serial queue of image operations. The component (index.js)
// only forwards properties, methods and touches here.
'use strict';

var loader = require('./core/loader.js');
var errors = require('./errors.js');
var source = require('./source.js');
var files = require('./files.js');
var view = require('./view.js');
var queue = require('./queue.js');

var CODES = errors.CODES;

var WASM_FILE = 'core/image_cropper_wasm_bg.wasm.br';
var DEFAULT_COMPONENT_DIR = '/components/image-cropper';

/** As the original: the mask is lighter while the user works and darkens this long after. */
var DIM_DELAY_MS = 2000;

/** EXIF orientation 1..8 as wx.getImageInfo names it (what the original's imageload gave). */
var ORIENTATIONS = ['up', 'up', 'up-mirrored', 'down', 'down-mirrored', 'left-mirrored', 'right', 'right-mirrored', 'left'];

/** @param {any} exif */
function orientationName(exif) {
  return ORIENTATIONS[exif >= 1 && exif <= 8 ? exif : 1];
}

/**
 * Properties the engine owns (names as in the original component). Changing one calls
 * `Cropper.setProps` with just that key.
 */
var ENGINE_PROPS = [
  'width', 'height', 'max_width', 'max_height', 'min_width', 'min_height',
  'disable_width', 'disable_height', 'disable_ratio', 'disable_rotate', 'limit_move',
  'cut_top', 'cut_left', 'img_width', 'img_height', 'scale', 'angle', 'min_scale', 'max_scale',
  'export_scale', 'aspect_ratio',
];

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
 * component works in components/ and in miniprogram_npm/ after "Build npm".
 * @param {any} is
 */
function wasmPathFor(is) {
  var dir = DEFAULT_COMPONENT_DIR;
  if (typeof is === 'string' && is.indexOf('/') > 0 || (typeof is === 'string' && is.charAt(0) === '/')) {
    dir = '/' + is.replace(/^\/+/, '').replace(/\/[^/]*$/, '');
  }
  return dir + '/' + WASM_FILE;
}

/** @param {any} value */
function isSet(value) {
  return value !== null && value !== undefined && value !== '';
}

/**
 * A Uint8Array's bytes as an ArrayBuffer of exactly that length (what writeFile wants).
 * @param {Uint8Array} bytes
 * @returns {ArrayBuffer}
 */
function toArrayBuffer(bytes) {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return /** @type {ArrayBuffer} */ (bytes.buffer);
  return /** @type {ArrayBuffer} */ (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Touch positions as the flat [x0, y0, x1, y1, …] the engine's `…XY` methods take (cheaper
 * across the wasm boundary than an array of objects). clientX/Y: the component fills the window.
 * @param {any} touches
 * @returns {Float64Array}
 */
function xyOf(touches) {
  var n = touches && touches.length ? touches.length : 0;
  var xy = new Float64Array(n * 2);
  for (var i = 0; i < n; i++) {
    var t = touches[i];
    xy[2 * i] = typeof t.clientX === 'number' ? t.clientX : (typeof t.x === 'number' ? t.x : t.pageX);
    xy[2 * i + 1] = typeof t.clientY === 'number' ? t.clientY : (typeof t.y === 'number' ? t.y : t.pageY);
  }
  return xy;
}

/** @param {any} e */
function timeOf(e) {
  return e && typeof e.timeStamp === 'number' ? e.timeStamp : Date.now();
}

/**
 * The file type as the export takes it.
 * @param {any} type
 */
function fileTypeOf(type) {
  return type === 'jpg' || type === 'jpeg' ? 'jpg' : 'png';
}

/**
 * @typedef {{
 *   data: Record<string, any>,
 *   is?: string,
 *   setData: (patch: Record<string, any>) => void,
 *   triggerEvent: (name: string, detail?: any) => void,
 * }} Host
 * @typedef {{width: number, height: number, path: string, type: string, orientation: string}} ImageInfo
 * @typedef {{url: string, width: number, height: number, size: number, type: string}} ExportResult
 */

/**
 * Attaches a no-op handler so a caller that uses the callback or the event and ignores the
 * Promise gets no "unhandled rejection"; awaiting it still rejects.
 * @template T
 * @param {Promise<T>} promise
 * @returns {Promise<T>}
 */
function quiet(promise) {
  promise.catch(function () { return undefined; });
  return promise;
}

class Controller {
  /** @param {Host} host the component instance */
  constructor(host) {
    this.host = host;
    /** @type {any} the generated glue (Cropper, probe, exportImage) */
    this.core = null;
    /** @type {any} */
    this.cropper = null;
    this.generation = -1;
    /** @type {Promise<void> | null} */
    this.loading = null;
    this.loadEventSent = false;
    this.detached = false;
    // Known before any observer can start loading (observers may run before attached).
    this.viewport = source.windowSize();
    /** @type {ImageInfo | null} */
    this.image = null;
    /** @type {any} crop data after the last change, restored into a rebuilt engine */
    this.cropData = null;
    /** @type {Record<string, any>} view data last sent with setData */
    this.view = {};
    /** @type {Record<string, boolean>} engine properties changed since the last setProps */
    this.dirtyProps = {};
    /** @type {Record<string, any>} the property values the engine has (last accepted setProps) */
    this.sentProps = {};
    this.flushScheduled = false;
    this.queue = queue.createQueue();
    /** Queued pushImg / getImg / method calls that have not yet taken their state: while any
     *  is waiting, later calls queue behind it so everything applies in call order. */
    this.waiting = 0;
    /** @type {any} the source of the last pushImg / imgSrc, to skip setting the same again */
    this.lastSrc = null;
    /** @type {any} the dim-the-mask timer */
    this.dimTimer = null;
    /** @type {object | null} a touchstart waiting for a rebuilt engine (see touchStart) */
    this.pendingTouch = null;
    /** @type {Record<string, any> | null} view changes collected by batched() */
    this.batch = null;
    /** true while build() restores state into a fresh engine (a trap then is not retried) */
    this.building = false;
  }

  // ------------------------------------------------------------------ host plumbing

  /** @param {Record<string, any>} patch */
  setData(patch) {
    if (!this.detached) this.host.setData(patch);
  }

  /** @param {string} name @param {any} [detail] */
  emit(name, detail) {
    if (!this.detached) this.host.triggerEvent(name, detail);
  }

  /** @param {any} err */
  emitError(err) {
    this.emit('error', errors.toDetail(err));
  }

  // ------------------------------------------------------------------ engine life cycle

  attach() {
    var self = this;
    this.viewport = source.windowSize();
    this.ensureEngine().catch(function (err) { self.emitError(err); });
    if (isSet(this.host.data.imgSrc)) this.srcChanged(this.host.data.imgSrc);
  }

  /** `load` {cropper}, once, when the engine first works (also when a first load failed and a
   *  later call loaded it). */
  announce() {
    if (this.loadEventSent || this.detached || !this.isLive()) return;
    this.loadEventSent = true;
    this.emit('load', { cropper: this.host });
  }

  detach() {
    this.detached = true;
    this.pendingTouch = null;
    if (this.dimTimer) clearTimeout(this.dimTimer);
    this.dimTimer = null;
    if (this.isLive()) {
      try { this.cropper.free(); } catch (e) { /* the instance is going away anyway */ }
    }
    this.cropper = null;
  }

  isLive() {
    return !!this.cropper && this.generation === shared.generation;
  }

  /**
   * Resolves once this instance has a live engine, loading the wasm module and (re)building the
   * engine when needed. Rejects with load_failed.
   * @returns {Promise<void>}
   */
  ensureEngine() {
    var self = this;
    if (this.isLive()) return Promise.resolve();
    if (this.detached) return Promise.reject(errors.cropperError(CODES.DETACHED, 'the component is detached'));
    if (!this.loading) {
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
    }
    return this.loading;
  }

  /**
   * Creates the engine in the freshly loaded module and restores this instance's state into it:
   * properties, the image size and the last crop.
   * @param {any} core
   */
  build(core) {
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
    // Held aside while the old state is restored (call() would flush them first).
    var changed = this.dirtyProps;
    this.dirtyProps = {};
    try {
      var image = this.image;
      // With an image, the state to restore is the dropped engine's: its property values and
      // crop; properties changed since then are applied on top (flushProps below).
      var props = Object.assign(this.engineProps(ENGINE_PROPS), image ? this.sentProps : {});
      var render = this.safeCall(function (c) { return c.setProps(props); });
      if (render) this.sentProps = props;
      if (image && this.isLive()) {
        var w = image.width;
        var h = image.height;
        render = this.safeCall(function (c) { return c.loadImage(w, h); }) || render;
        var crop = this.cropData;
        if (crop && this.isLive()) render = this.safeCall(function (c) { return c.setCropData(crop); }) || render;
      }
      if (render && this.isLive()) this.applyRender(render);
      // Properties changed while there was no engine apply on top of the restored crop
      // (without an image there is nothing to restore: setProps above had them all).
      if (image && this.isLive()) {
        this.dirtyProps = Object.assign(changed, this.dirtyProps);
        try {
          this.flushProps();
        } catch (e) {
          this.emitError(e);
        }
      }
      if (!this.isLive()) throw errors.cropperError(CODES.LOAD_FAILED, 'the wasm core trapped while the engine was restored');
    } finally {
      this.building = false;
      // Not restored: the next engine applies them.
      if (!this.isLive()) this.dirtyProps = Object.assign(changed, this.dirtyProps);
    }
  }

  /**
   * Runs `fn(cropper, core)` against the live engine. A typed core error (it has a `code`) is
   * rethrown; anything else is a trap: the module is dropped, a fresh one is loaded in the
   * background and a `wasm_trap` error is thrown.
   * @template T
   * @param {(this: Controller, cropper: any, core: any) => T} fn
   * @returns {T}
   */
  call(fn) {
    if (this.detached) throw errors.cropperError(CODES.DETACHED, 'the component is detached');
    if (!this.isLive()) throw errors.cropperError(CODES.LOAD_FAILED, 'the wasm core is not loaded yet');
    this.flushProps();
    try {
      return fn.call(this, this.cropper, this.core);
    } catch (e) {
      if (errors.isCodedError(e)) throw e;
      throw this.recoverFromTrap(e);
    }
  }

  /**
   * `call`, reporting any failure as an `error` event instead of throwing.
   * @template T
   * @param {(this: Controller, cropper: any, core: any) => T} fn
   * @returns {T | undefined}
   */
  safeCall(fn) {
    try {
      return this.call(fn);
    } catch (e) {
      this.emitError(e);
      return undefined;
    }
  }

  /**
   * @param {any} cause what the trapped call threw
   * @returns {Error}
   */
  recoverFromTrap(cause) {
    var self = this;
    this.dropModule();
    // A trap while restoring state into a fresh engine would likely repeat: load again only
    // when the next call needs the engine, not in a loop.
    if (!this.building) this.ensureEngine().catch(function (err) { self.emitError(err); });
    return errors.cropperError(CODES.WASM_TRAP,
      'the wasm core trapped and was restarted: ' + errors.toDetail(cause).message);
  }

  /** Drops the shared module: every instance's engine is rebuilt in a fresh one when used. */
  dropModule() {
    shared.generation += 1;
    loader.reset();
    // The old Cropper's pointer means nothing in a new instance: drop it, never free() it.
    this.cropper = null;
    this.core = null;
    this.loading = null;
  }

  /** After an export: hands a big export's memory back (see RELEASE_MEMORY_ABOVE). */
  releaseMemoryIfLarge() {
    if (loader.memoryBytes() <= RELEASE_MEMORY_ABOVE) return;
    var self = this;
    this.dropModule();
    this.ensureEngine().catch(function (err) { self.emitError(err); });
  }

  // ------------------------------------------------------------------ properties

  /**
   * The engine's patch for `names`, from the current property values.
   * @param {string[]} names
   */
  engineProps(names) {
    var data = this.host.data;
    /** @type {Record<string, any>} */
    var patch = {};
    names.forEach(function (name) {
      var value = data[name];
      if (name === 'aspect_ratio') value = Number(value) > 0 ? Number(value) : 0;
      // img_width / img_height: 0 is "automatic" for the engine, as a falsy size was for the original.
      if ((name === 'img_width' || name === 'img_height') && !isSet(value)) value = 0;
      // cut_top / cut_left: null centres the box on that axis (the engine takes null).
      if (name === 'cut_top' || name === 'cut_left') value = isSet(value) ? Number(value) : null;
      else if (!isSet(value)) return;
      patch[name] = value;
    });
    return patch;
  }

  /** @param {string} name an engine property that changed */
  propChanged(name) {
    this.dirtyProps[name] = true;
    if (!this.isLive()) {
      // build() sends every property and then the changed ones again (over the restored
      // crop). An engine dropped after a trap (in any instance) is rebuilt now so it shows.
      if (this.generation >= 0) this.revive();
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    var self = this;
    // Several properties set in one setData of the page become one setProps call.
    Promise.resolve().then(function () {
      self.flushScheduled = false;
      if (!self.isLive()) {
        self.revive(); // dropped meanwhile: the rebuilt engine gets every property
        return;
      }
      try {
        self.flushProps();
      } catch (e) {
        self.emitError(e);
      }
    });
  }

  flushProps() {
    var names = Object.keys(this.dirtyProps);
    if (names.length === 0) return;
    this.dirtyProps = {};
    var values = this.engineProps(names);
    var sent = this.sentProps;
    // Only values the engine does not have yet: observers fire whenever a property is set, also
    // to the value it has (a page re-render), and setProps would re-apply scale, angle and the
    // box, undoing the user's gestures.
    /** @type {Record<string, any>} */
    var patch = {};
    var any = false;
    Object.keys(values).forEach(function (name) {
      if (Object.prototype.hasOwnProperty.call(sent, name) && sent[name] === values[name]) return;
      patch[name] = values[name];
      any = true;
    });
    if (!any) return;
    var render;
    try {
      render = this.cropper.setProps(patch);
    } catch (e) {
      if (!errors.isCodedError(e)) throw this.recoverFromTrap(e);
      this.emitError(e);
      return;
    }
    Object.assign(sent, patch);
    if (render) this.applyRender(render);
    this.emitChange();
  }

  /** @param {any} src the imgSrc property */
  srcChanged(src) {
    if (!isSet(src) || src === this.lastSrc) return;
    this.pushImg(src);
  }

  /** Rebuilds a dropped engine in the background (errors become events). @returns {Promise<void>} */
  revive() {
    var self = this;
    if (this.detached) return Promise.resolve();
    return quiet(this.ensureEngine().catch(function (err) { self.emitError(err); throw err; }));
  }

  // ------------------------------------------------------------------ view

  /** @param {any} render */
  applyRender(render) {
    if (!render || !render.img || !render.cut) return;
    this.applyView(view.viewOf(render));
  }

  /**
   * Sends the keys of `next` that changed (collected into the current batch, if any).
   * @param {Record<string, any>} next
   */
  applyView(next) {
    var patch = view.changedKeys(this.view, next);
    if (!patch) return;
    Object.assign(this.view, patch);
    if (this.batch) Object.assign(this.batch, patch);
    else this.setData(patch);
  }

  /**
   * Runs `fn` collecting its view changes into one setData (a touch event may apply pending
   * properties and the touch's own render: still one setData).
   * @param {() => void} fn
   */
  batched(fn) {
    /** @type {Record<string, any>} */
    var patch = {};
    this.batch = patch;
    try {
      fn();
    } finally {
      this.batch = null;
      if (Object.keys(patch).length > 0) this.setData(patch);
    }
  }

  /** The mask goes lighter now (a gesture starts). */
  brighten() {
    if (this.dimTimer) clearTimeout(this.dimTimer);
    this.dimTimer = null;
    this.applyView({ v_dark: false });
  }

  /** The mask darkens DIM_DELAY_MS after the last gesture or change, as the original's. */
  scheduleDim() {
    var self = this;
    if (this.dimTimer) clearTimeout(this.dimTimer);
    this.dimTimer = setTimeout(function () {
      self.dimTimer = null;
      if (!self.detached) self.applyView({ v_dark: true });
    }, DIM_DELAY_MS);
  }

  emitChange() {
    if (!this.image || !this.isLive()) return;
    var data;
    try {
      data = this.cropper.getCropData();
    } catch (e) {
      if (!errors.isCodedError(e)) this.emitError(this.recoverFromTrap(e));
      return;
    }
    this.cropData = data;
    this.emit('change', data);
  }

  // ------------------------------------------------------------------ methods

  /**
   * Runs an engine method now if the engine is live, else once it is (calls made before `load`
   * are queued in call order). Each one updates the view and emits `change`.
   * @param {(cropper: any) => any} fn
   */
  engineMethod(fn) {
    var self = this;
    var run = function () {
      try {
        var render = self.call(function (c) { return fn(c); });
        self.applyRender(render);
        self.emitChange();
        self.scheduleDim();
      } catch (e) {
        self.emitError(e);
      }
    };
    if (this.isLive() && this.waiting === 0) {
      run();
      return;
    }
    // Before load, or behind a pushImg that is still loading: in call order, so e.g.
    // pushImg(src) then setCropData(saved) applies the crop to the new image.
    this.ordered(function (release) {
      return self.ensureEngine().then(function () {
        release();
        run();
      }, function (err) { self.emitError(err); });
    });
  }

  /**
   * Runs `task` in the serial queue, counted in `waiting` until it calls `release` (once it has
   * taken its state) or ends.
   * @template T
   * @param {(release: () => void) => Promise<T> | T} task
   * @returns {Promise<T>}
   */
  ordered(task) {
    var self = this;
    var released = false;
    var release = function () {
      if (released) return;
      released = true;
      self.waiting--;
    };
    this.waiting++;
    var result = this.queue.run(function () { return task(release); });
    result.then(release, release);
    return result;
  }

  getCropData() {
    if (!this.isLive() || !this.image) return null;
    try {
      return this.call(function (c) { return c.getCropData(); });
    } catch (e) {
      this.emitError(e);
      return null;
    }
  }

  /**
   * Loads an image: local path, code-package path or http(s) URL; without a source, the
   * imgSrc property (as the original's pushImg()).
   * @param {string} [src]
   * @returns {Promise<ImageInfo>}
   */
  pushImg(src) {
    var self = this;
    // As the original: pushImg() without a source (re)loads the imgSrc property.
    /** @type {any} */
    var from = src === undefined || src === null ? this.host.data.imgSrc : src;
    this.lastSrc = from;
    return quiet(this.ordered(function () {
      return source.fetchToLocal(from)
        .then(function (path) {
          return source.readBytes(path).then(function (bytes) {
            return self.ensureEngine().then(function () { return self.showImage(path, bytes); });
          });
        });
    }).catch(function (err) {
      // The same source set again is a retry, not a no-op.
      if (self.lastSrc === from) self.lastSrc = null;
      self.emitError(err);
      throw err;
    }));
  }

  /**
   * @param {string} path
   * @param {ArrayBuffer} bytes
   * @returns {ImageInfo}
   */
  showImage(path, bytes) {
    var info = this.call(function (c, core) { return core.probe(new Uint8Array(bytes)); });
    var render = this.call(function (c) { return c.loadImage(info.width, info.height); });
    /** @type {ImageInfo} */
    var image = {
      width: info.width,
      height: info.height,
      path: path,
      type: info.format,
      orientation: orientationName(info.orientation),
    };
    this.image = image;
    this.cropData = null;
    this.setData({ v_src: path });
    this.applyRender(render);
    this.emit('imageload', Object.assign({}, image));
    this.emitChange();
    this.scheduleDim();
    return image;
  }

  /** The output size request for `exportMap` from export_mode / export_width / export_height
   *  ('scale' uses the engine's export_scale property). */
  outputSpec() {
    var data = this.host.data;
    var mode = data.export_mode === 'source' || data.export_mode === 'size' ? data.export_mode : 'scale';
    if (mode !== 'size') return { mode: mode };
    return { mode: mode, width: Number(data.export_width), height: Number(data.export_height) };
  }

  exportOptions() {
    var data = this.host.data;
    var fileType = fileTypeOf(data.file_type);
    var quality = Number(data.quality);
    /** @type {Record<string, any>} */
    var options = {
      fileType: fileType,
      quality: quality >= 0 && quality <= 1 ? quality : 1,
      // JPEG has no transparency: white unless a colour is given (PNG keeps transparent pixels).
      fillColor: isSet(data.fill_color) ? String(data.fill_color) : '#ffffff',
      shape: data.shape === 'circle' ? 'circle' : 'rect',
    };
    if (Number(data.max_bytes) > 0) options.maxBytes = Math.floor(Number(data.max_bytes));
    return options;
  }

  /**
   * What an export needs, taken at one moment: the image, the crop as a CropMap and the options.
   * @returns {{image: ImageInfo, map: any, options: any}}
   */
  snapshot() {
    var image = this.image;
    if (!image) throw errors.cropperError(CODES.NO_IMAGE, 'no image is loaded');
    var spec = this.outputSpec();
    var map = this.call(function (c) { return c.exportMap(spec); });
    return { image: image, map: map, options: this.exportOptions() };
  }

  /**
   * Exports the crop to a file. The crop, options and image are those of the moment of the
   * call (gestures or method calls while the file is read and written do not change this
   * result); a call queued behind a pushImg (or before load) takes them when its turn comes,
   * so it exports the image pushed before it.
   * @param {((result: ExportResult) => void) | undefined} callback
   * @returns {Promise<ExportResult>}
   */
  getImg(callback) {
    var self = this;
    /** @type {{image: ImageInfo, map: any, options: any} | null} */
    var early = null;
    /** @type {any} */
    var earlyError = null;
    if (this.waiting === 0 && this.isLive() && !this.detached) {
      try {
        early = this.snapshot();
      } catch (e) {
        earlyError = e;
      }
    }
    var run = function (/** @type {() => void} */ release) {
      if (earlyError) throw earlyError;
      return self.ensureEngine().then(function () {
        var snap = early || self.snapshot();
        release();
        return source.readBytes(snap.image.path).then(function (bytes) {
          return self.ensureEngine().then(function () {
            var out = self.call(function (c, core) { return core.exportImage(new Uint8Array(bytes), snap.map, snap.options); });
            self.releaseMemoryIfLarge();
            var type = fileTypeOf(out.type);
            return files.writeExport(toArrayBuffer(out.bytes), type).then(function (file) {
              return { url: file.path, width: out.width, height: out.height, size: file.size, type: type };
            });
          });
        });
      });
    };
    // Taken now: later calls need not wait for it. Else it takes them at its turn in the queue.
    var queued = early || earlyError
      ? this.queue.run(function () { return run(function () { return undefined; }); })
      : this.ordered(run);
    var result = queued.then(function (res) {
      if (typeof callback === 'function') {
        try {
          callback(res);
        } catch (e) {
          // The caller's own bug: report it in the console, it is not an export failure.
          console.error(e);
        }
      }
      return res;
    }, function (err) {
      self.emitError(err);
      throw err;
    });
    return quiet(result);
  }

  /** Lets the user choose a photo and loads it; a cancel resolves to null. */
  upload() {
    var self = this;
    return quiet(source.choosePhoto().then(function (path) {
      return path ? self.pushImg(path) : null;
    }, function (err) {
      self.emitError(err);
      throw err;
    }));
  }

  /** A tap on the component with no image (and none loading) opens the picker, as the original. */
  tap() {
    if (this.image || this.waiting > 0 || this.detached) return;
    this.upload();
  }

  // ------------------------------------------------------------------ gestures

  /** @param {any} e */
  touchStart(e) {
    if (!this.image || this.detached) return;
    var self = this;
    var xy = xyOf(e.touches);
    var time = timeOf(e);
    if (!this.isLive()) {
      // The engine was dropped after a trap (here or in another instance): rebuild it and
      // start this gesture on it, unless the fingers are up by then.
      var token = {};
      this.pendingTouch = token;
      this.revive().then(function () {
        if (self.pendingTouch !== token || !self.isLive()) return;
        self.pendingTouch = null;
        self.startGesture(xy, time);
      }, function () { return undefined; });
      return;
    }
    this.pendingTouch = null;
    this.startGesture(xy, time);
  }

  /** @param {Float64Array} xy @param {number} time */
  startGesture(xy, time) {
    var self = this;
    this.batched(function () {
      self.brighten();
      self.applyRender(self.safeCall(function (c) { return c.touchStartXY(xy, time); }));
    });
  }

  /** At most one setData per touchmove, with only the changed keys. @param {any} e */
  touchMove(e) {
    if (!this.isLive() || !this.image) return;
    var self = this;
    var xy = xyOf(e.touches);
    this.batched(function () {
      self.applyRender(self.safeCall(function (c) { return c.touchMoveXY(xy, timeOf(e)); }));
    });
  }

  /** @param {any} e */
  touchEnd(e) {
    this.pendingTouch = null;
    if (!this.isLive() || !this.image) return;
    var xy = xyOf(e.touches);
    var self = this;
    /** @type {any} */
    var render;
    this.batched(function () {
      render = self.safeCall(function (c) { return c.touchEndXY(xy, timeOf(e)); });
      self.applyRender(render);
    });
    if (!render) return;
    this.emitChange();
    this.scheduleDim();
    if (render.tap) {
      this.getImg(undefined).then(function (res) { self.emit('tapcut', res); }, function () { return undefined; });
    }
  }
}

module.exports = {
  Controller: Controller,
  ENGINE_PROPS: ENGINE_PROPS,
  wasmPathFor: wasmPathFor,
  orientationName: orientationName,
  shared: shared,
};
