// @ts-check
// Property sync: the page's property values go to the engine's `setProps` (several set in one
// page setData become one call, values the engine already has are not sent again), and a
// rebuilt engine gets them back with the image and the last crop.
'use strict';

var errors = require('./errors.js');

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

/** @param {any} value */
function isSet(value) {
  return value !== null && value !== undefined && value !== '';
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
   * The engine's patch for `names`, from the current property values.
   * @this {Controller}
   * @param {string[]} names
   */
  engineProps: function (names) {
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

  /** Sends the changed properties the engine does not have yet. @this {Controller} */
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

module.exports = { init: init, methods: methods, ENGINE_PROPS: ENGINE_PROPS, isSet: isSet };
