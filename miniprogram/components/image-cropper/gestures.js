// @ts-check
// Everything that happens on touchstart, touchmove and touchend: the touches go to the engine
// (which tells pan, pinch, rotate, a handle drag and a tap apart), its render to the view in at
// most one setData per event; the mask brightens while fingers are down; a tap on the box
// exports (`tapcut`).
'use strict';

/**
 * Touch positions as the flat [x0, y0, x1, y1, …] the engine's `…XY` methods take (cheaper
 * across the wasm boundary than an array of objects). Per axis the first number of clientX, x,
 * pageX (clientY, y, pageY): the rule `TOUCH_FIELDS` in src/wasm/cropper.rs gives for touch
 * objects. clientX first: the component fills the window, and WeChat touches carry it.
 * A touch with none of them gives NaN, which the engine refuses (invalid_option).
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

/** @typedef {import('./index.js').Controller} Controller */

/** @param {Controller} c */
function init(c) {
  /** a touchstart waiting for a rebuilt engine (see touchStart) */
  c.pendingTouch = null;
}

var methods = {
  /** @this {Controller} @param {any} e */
  touchStart: function (e) {
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
  },

  /** @this {Controller} @param {Float64Array} xy @param {number} time */
  startGesture: function (xy, time) {
    var self = this;
    this.batched(function () {
      self.brighten();
      self.applyRender(self.safeCall(function (c) { return c.touchStartXY(xy, time); }));
    });
  },

  /** At most one setData per touchmove, with only the changed keys. @this {Controller}
   *  @param {any} e */
  touchMove: function (e) {
    if (!this.isLive() || !this.image) return;
    var self = this;
    var xy = xyOf(e.touches);
    this.batched(function () {
      self.applyRender(self.safeCall(function (c) { return c.touchMoveXY(xy, timeOf(e)); }));
    });
  },

  /** @this {Controller} @param {any} e */
  touchEnd: function (e) {
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
  },
};

module.exports = { xyOf: xyOf, init: init, methods: methods };
