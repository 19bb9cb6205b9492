// @ts-check
// Property sync. What the page sets goes to the engine's `setProps` as it is (the core
// validates, clamps and snaps: one source of truth), at once, inside the property observer, as
// the original applies its watchers: a page that reads `this.cropper.data` right after its own
// setData sees the result. The component also writes the current state into its own properties
// (view.js, the mirror), so what the page set is told apart from what the component wrote by
// comparing the data with `seen`, the value each property had after the last look (written by
// the component or set by the page). The page's values are kept in `inputs`, apart from the
// mirror: a rebuilt engine gets the page's settings (`cut_left: null` = centred), not the
// numbers the mirror showed.
'use strict';

var errors = require('./errors.js');

var properties = require('./properties.js');

var ENGINE_PROPS = properties.ENGINE_PROPS;

var has = Object.prototype.hasOwnProperty;

/** `===`, with NaN equal to itself (a NaN the page set is seen once, not on every look). */
function sameValue(/** @type {any} */ a, /** @type {any} */ b) {
  return a === b || (a !== a && b !== b);
}

/**
 * Whether `record` holds `value` for `name`.
 * @param {Record<string, any>} record
 * @param {string} name
 * @param {any} value
 */
function same(record, name, value) {
  return has.call(record, name) && sameValue(record[name], value);
}

/** @typedef {import('./index.js').Controller} Controller */

/** @param {Controller} c */
function init(c) {
  /** the page's values of the engine properties (what it set last, or the initial ones) */
  c.inputs = {};
  /** what each engine property holds in data as far as the component knows */
  c.seen = {};
  /** inputs not yet given to the engine */
  c.dirtyProps = {};
  /** the property values the engine has (last accepted setProps) */
  c.sentProps = {};
  /** the values the engine refused, by property (each reported once) */
  c.refusedProps = {};
  /** true while flushProps runs (a page setData from an event handler then waits for it) */
  c.flushing = false;
  c.flushAgain = false;
  /** the next render from properties is animated (setLimitMove, as the original's) */
  c.animateProps = false;
}

var methods = {
  /**
   * The engine's patch for `names`: the page's values, as they are.
   * @this {Controller}
   * @param {string[]} names
   */
  engineProps: function (names) {
    var inputs = this.inputs;
    /** @type {Record<string, any>} */
    var patch = {};
    names.forEach(function (name) { patch[name] = inputs[name]; });
    return patch;
  },

  /**
   * Takes what the page changed in data since the last look into `inputs`. WeChat runs the
   * observers once every property of a setData is in data, so the first observer of a setData
   * takes all of its changes: they become one setProps.
   * @this {Controller}
   */
  takeInputs: function () {
    var data = this.host.data;
    for (var i = 0; i < ENGINE_PROPS.length; i++) {
      var name = ENGINE_PROPS[i];
      var value = data[name];
      if (same(this.seen, name, value)) continue;
      this.seen[name] = value;
      this.inputs[name] = value;
      this.dirtyProps[name] = true;
    }
  },

  /** An engine property's observer. @this {Controller} */
  propChanged: function () {
    // The component's own setData (the mirror) holds only values it has already seen.
    if (this.writing) return;
    this.takeInputs();
    if (!this.isLive()) {
      // restore() sends every property and then the changed ones again (over the restored
      // crop). An engine dropped after a trap (in any instance) is rebuilt now so it shows.
      if (this.generation >= 0) this.revive();
      return;
    }
    try {
      this.flushProps();
    } catch (e) {
      this.emitError(e);
    }
  },

  /**
   * Gives the engine the inputs it does not have yet; the render goes to the view and the
   * mirror, `change` if the crop moved. A setData from a page's event handler while this runs
   * is taken when it returns.
   * @this {Controller}
   */
  flushProps: function () {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    try {
      do {
        this.flushAgain = false;
        this.flushOnce();
      } while (this.flushAgain && this.isLive());
    } finally {
      this.flushing = false;
      this.animateProps = false;
    }
  },

  /** @this {Controller} */
  flushOnce: function () {
    var names = Object.keys(this.dirtyProps);
    if (names.length === 0) return;
    this.dirtyProps = {};
    // A value refused before may fit now (a min_width that waited for its max_width).
    var patch = this.engineProps(names.concat(Object.keys(this.refusedProps).filter(function (name) {
      return names.indexOf(name) < 0;
    })));
    var render = this.sendProps(patch);
    if (!render) return;
    if (this.animateProps) render.animate = true;
    this.applyRender(render);
    this.emitChange(true);
  },

  /**
   * `setProps(patch)`, recording what the engine accepted. The core takes a patch whole or not
   * at all; when it refuses one, each key is sent alone, and the refused ones once more (a
   * min_width may need the max_width after it), so only the values that make no sense stay out,
   * each an `error` event. A trap is thrown (`wasm_trap`).
   * @this {Controller}
   * @param {Record<string, any>} patch
   * @returns {any} the last render, or undefined when nothing was accepted
   */
  sendProps: function (patch) {
    /** @type {Record<string, any>} */
    var refused = {};
    try {
      return this.acceptProps(patch);
    } catch (e) {
      if (!errors.isCodedError(e)) throw this.recoverFromTrap(e);
      var only = Object.keys(patch);
      if (only.length === 1) {
        refused[only[0]] = e;
        this.reportRefused(patch, refused, only);
        return undefined;
      }
    }
    var self = this;
    var render;
    var keys = Object.keys(patch);
    for (var pass = 0; pass < 2 && keys.length > 0; pass++) {
      keys = keys.filter(function (key) {
        /** @type {Record<string, any>} */
        var one = {};
        one[key] = patch[key];
        try {
          render = self.acceptProps(one) || render;
          return false;
        } catch (e) {
          if (!errors.isCodedError(e)) throw self.recoverFromTrap(e);
          refused[key] = e;
          return true;
        }
      });
    }
    this.reportRefused(patch, refused, keys);
    return render;
  },

  /** @this {Controller} @param {Record<string, any>} patch */
  acceptProps: function (patch) {
    var render = this.cropper.setProps(patch);
    var refused = this.refusedProps;
    Object.keys(patch).forEach(function (name) { delete refused[name]; });
    Object.assign(this.sentProps, patch);
    return render;
  },

  /**
   * An `error` event for each of `keys` the engine refused, unless that same value was reported
   * already (a value retried with another property, a rebuilt engine).
   * @this {Controller}
   * @param {Record<string, any>} patch
   * @param {Record<string, any>} errorsByKey
   * @param {string[]} keys
   */
  reportRefused: function (patch, errorsByKey, keys) {
    var self = this;
    keys.forEach(function (key) {
      if (!same(self.refusedProps, key, patch[key])) self.emitError(errorsByKey[key]);
      self.refusedProps[key] = patch[key];
    });
  },

  /**
   * Sets one of the component's own properties as the page would (the original's setWidth,
   * setHeight, setLimitMove and setDisableRotate are its setData): WeChat converts the value to
   * the property's type, and the observer takes it as an input.
   * @this {Controller}
   * @param {string} name
   * @param {any} value
   * @param {boolean} [animate]
   */
  setOwnProperty: function (name, value, animate) {
    if (this.detached) return;
    /** @type {Record<string, any>} */
    var patch = {};
    patch[name] = value;
    this.animateProps = !!animate && this.isLive();
    try {
      this.host.setData(patch);
    } finally {
      this.animateProps = false;
    }
  },

  /**
   * Restores this instance's state into a freshly built engine: the properties, then, with an
   * image, its size, the last crop and the properties changed since the old engine went.
   * @this {Controller}
   */
  restore: function () {
    this.takeInputs();
    // Held aside while the old state is restored (call() would flush them first).
    var changed = this.dirtyProps;
    this.dirtyProps = {};
    try {
      var self = this;
      var image = this.image;
      // With an image, the state to restore is the dropped engine's: its property values and
      // crop; properties changed since then are applied on top (flushProps below).
      var props = Object.assign(this.engineProps(ENGINE_PROPS), image ? this.sentProps : {});
      // A value refused before is tried again (the engine's other values may let it in now);
      // it is reported only if it changed.
      this.sentProps = {};
      var render = this.safeCall(function () { return self.sendProps(props); });
      if (image && this.isLive()) {
        var w = image.width;
        var h = image.height;
        render = this.safeCall(function (c) { return c.loadImage(w, h); }) || render;
        var crop = this.cropData;
        if (crop && this.isLive()) render = this.safeCall(function (c) { return c.setCropData(crop); }) || render;
      }
      if (render && this.isLive()) this.applyRender(render);
      // Without an image there is nothing to restore: setProps above had them all.
      if (image && this.isLive()) {
        this.dirtyProps = Object.assign(changed, this.dirtyProps);
        try {
          this.flushProps();
        } catch (e) {
          this.emitError(e);
        }
      }
    } finally {
      // Not restored: the next engine applies them.
      if (!this.isLive()) this.dirtyProps = Object.assign(changed, this.dirtyProps);
    }
  },
};

module.exports = { init: init, methods: methods, sameValue: sameValue };
