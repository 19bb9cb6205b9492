// @ts-check
// Property sync: the page's property values go to the engine's `setProps` as they are (the
// core validates, clamps and snaps them: one source of truth). Several set in one page setData
// become one call, values the engine already has are not sent again, one refused value does not
// hold back the others, and a rebuilt engine gets them all back with the image and the last crop.
'use strict';

var errors = require('./errors.js');

var defaults = require('./core/defaults.js');

/** The properties the core has: every key of its defaults (Props::default in the core). */
var ENGINE_PROPS = Object.keys(defaults);

/**
 * The type of each property the core has (WeChat converts what a page sets to its property's
 * type); their default values are the core's (core/defaults.js). `null` is any type: for the
 * properties whose default is null, or that take a string too ("50%", "120"), since a Number
 * property would turn those into 0.
 */
var TYPES = {
  // the original component's, with its names and defaults
  disable_rotate: Boolean,
  /** crop box always inside the image; the angle snaps to quarter turns (see limit_any_angle) */
  limit_move: Boolean,
  width: Number,
  height: Number,
  max_width: Number,
  max_height: Number,
  min_width: Number,
  min_height: Number,
  disable_width: Boolean,
  disable_height: Boolean,
  disable_ratio: Boolean,
  /** output size = crop box size × export_scale (export_mode 'scale') */
  export_scale: Number,
  /** 0–1; JPEG quality, and the start of the max_bytes search */
  quality: Number,
  /** crop box position in px; null = centred on that axis */
  cut_top: null,
  cut_left: null,
  /** displayed image size: px or "NN%"; null = the image covers the box */
  img_width: null,
  img_height: null,
  scale: Number,
  angle: Number,
  min_scale: Number,
  max_scale: Number,
  // new
  /** with limit_move: keep any angle (the box stays inside the turned image) */
  limit_any_angle: Boolean,
  /** 'png' | 'jpg' */
  file_type: String,
  /** JPEG: fill outside the image and the circle ('#rrggbb'; '' = white); PNG keeps them transparent */
  fill_color: String,
  /** upper bound of the file size in bytes (JPEG quality is lowered to fit); 0 = none */
  max_bytes: Number,
  /** crop box width / height; 0 = free */
  aspect_ratio: Number,
  /** 'rect' | 'circle' ('ellipse': the ellipse inscribed in the box) */
  shape: String,
  /** 'scale': box × export_scale; 'source': the source's own resolution; 'size': export_width × export_height */
  export_mode: String,
  export_width: Number,
  export_height: Number,
};

/**
 * The Component's `properties` (the types above, the core's default values, and the
 * component's own imgSrc, canvas_top, canvas_left) and `observers` (imgSrc loads the image,
 * every other property goes to the engine).
 * @param {(instance: any) => Controller} ctl the controller of a component instance
 */
function declare(ctl) {
  /** @type {Record<string, any>} */
  var properties = {
    /** image path or URL; setting it loads the image */
    imgSrc: { type: String, value: '' },
    /** accepted for compatibility; the export needs no canvas */
    canvas_top: { type: Number, value: null },
    canvas_left: { type: Number, value: null },
  };
  /** @type {Record<string, (this: any, ...values: any[]) => void>} */
  var observers = {
    imgSrc: function (/** @type {string} */ src) { ctl(this).srcChanged(src); },
  };
  ENGINE_PROPS.forEach(function (name) {
    var type = Object.prototype.hasOwnProperty.call(TYPES, name) ? TYPES[name] : null;
    properties[name] = { type: type, value: defaults[name] };
    observers[name] = function () { ctl(this).propChanged(name); };
  });
  return { properties: properties, observers: observers };
}

/** @typedef {import('./index.js').Controller} Controller */

/** @param {Controller} c */
function init(c) {
  /** engine properties changed since the last setProps */
  c.dirtyProps = {};
  /** the property values the engine has (last accepted setProps) */
  c.sentProps = {};
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
    try {
      return this.acceptProps(patch);
    } catch (e) {
      if (!errors.isCodedError(e)) throw this.recoverFromTrap(e);
      if (Object.keys(patch).length === 1) {
        this.emitError(e);
        return undefined;
      }
    }
    var self = this;
    /** @type {Record<string, any>} */
    var refused = {};
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
    keys.forEach(function (key) { self.emitError(refused[key]); });
    return render;
  },

  /** @this {Controller} @param {Record<string, any>} patch */
  acceptProps: function (patch) {
    var render = this.cropper.setProps(patch);
    Object.assign(this.sentProps, patch);
    return render;
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

module.exports = { init: init, methods: methods, declare: declare, ENGINE_PROPS: ENGINE_PROPS, TYPES: TYPES };
