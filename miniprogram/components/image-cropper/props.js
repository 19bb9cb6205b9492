// @ts-check
// Property sync: the page's property values go to the engine's `setProps` as they are (the
// core validates, clamps and snaps them: one source of truth). Several set in one page setData
// become one call, values the engine already has are not sent again, one refused value does not
// hold back the others, and a rebuilt engine gets them all back with the image and the last crop.
'use strict';

var errors = require('./errors.js');

var properties = require('./properties.js');

var ENGINE_PROPS = properties.ENGINE_PROPS;

/**
 * Whether `record` holds `value` for `name` (=== : values from a page are primitives).
 * @param {Record<string, any>} record
 * @param {string} name
 * @param {any} value
 */
function same(record, name, value) {
  return Object.prototype.hasOwnProperty.call(record, name) && record[name] === value;
}

/** @typedef {import('./index.js').Controller} Controller */

/** @param {Controller} c */
function init(c) {
  /** engine properties changed since the last setProps */
  c.dirtyProps = {};
  /** the property values the engine has (last accepted setProps) */
  c.sentProps = {};
  /** the values the engine refused, by property (each reported once) */
  c.refusedProps = {};
  c.flushScheduled = false;
}

var methods = {
  /**
   * The engine's patch for `names`: the current property values, as they are.
   * @this {Controller}
   * @param {string[]} names
   */
  engineProps: function (names) {
    var data = this.host.data;
    /** @type {Record<string, any>} */
    var patch = {};
    names.forEach(function (name) { patch[name] = data[name]; });
    return patch;
  },

  /** @this {Controller} @param {string} name an engine property that changed */
  propChanged: function (name) {
    this.dirtyProps[name] = true;
    if (!this.isLive()) {
      // restore() sends every property and then the changed ones again (over the restored
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
  },

  /** Sends the changed properties the engine does not have yet; `change` if the crop moved.
   *  @this {Controller} */
  flushProps: function () {
    var names = Object.keys(this.dirtyProps);
    if (names.length === 0) return;
    this.dirtyProps = {};
    var values = this.engineProps(names);
    var sent = this.sentProps;
    var refused = this.refusedProps;
    // Only values the engine does not have yet: observers fire whenever a property is set, also
    // to the value it has (a page re-render), and setProps would re-apply scale, angle and the
    // box, undoing the user's gestures. A value already refused is not sent (nor reported)
    // again for a re-render either.
    var fresh = Object.keys(values).filter(function (name) {
      return !(same(sent, name, values[name]) || same(refused, name, values[name]));
    });
    if (fresh.length === 0) return;
    // A value refused before may fit now (a min_width that waited for its max_width).
    var patch = this.engineProps(fresh.concat(Object.keys(refused).filter(function (name) {
      return fresh.indexOf(name) < 0;
    })));
    var render = this.sendProps(patch);
    if (!render) return;
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
   * Restores this instance's state into a freshly built engine: the properties, then, with an
   * image, its size, the last crop and the properties changed since the old engine went.
   * @this {Controller}
   */
  restore: function () {
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

module.exports = { init: init, methods: methods };
