// @ts-check
// What the page sees: the engine's Render as view data (the <image>'s CSS transform and the
// crop box rectangle; no geometry here beyond formatting) and as the original's own data (the
// mirror: angle, scale, cut_left, … in its units), sent with at most one setData per change and
// only the keys that changed; the mask dimming; the events.
'use strict';

var errors = require('./errors.js');

/** As the original: the mask is lighter while the user works and darkens this long after. */
var DIM_DELAY_MS = 2000;

/**
 * @typedef {{x: number, y: number, width: number, height: number, scale: number, angle: number,
 *            flipX?: boolean | number, flipY?: boolean | number}} RenderImage
 * @typedef {{x: number, y: number, width: number, height: number}} RenderCut
 * @typedef {{img: RenderImage, cut: RenderCut, animate?: boolean, tap?: boolean, round?: boolean}} Render
 * @typedef {{v_img: string, v_cut_x: number, v_cut_y: number, v_cut_w: number, v_cut_h: number,
 *            v_animate: boolean, v_round: boolean}} ViewData
 */

/** Rounds to 1/1000 px or degree: finer than any screen, coarse enough to skip no-op updates. */
function r(/** @type {number} */ v) {
  var n = Math.round(v * 1000) / 1000;
  return n === 0 ? 0 : n; // no "-0" in styles
}

/** @param {boolean | number | undefined} flip */
function sign(flip) {
  return flip === true || (typeof flip === 'number' && flip < 0) ? -1 : 1;
}

/**
 * @param {Render} render
 * @returns {ViewData}
 */
function viewOf(render) {
  var img = render.img;
  var cut = render.cut;
  var sx = img.scale * sign(img.flipX);
  var sy = img.scale * sign(img.flipY);
  // The engine's x/y is the image centre; CSS rotates and scales around the element centre.
  var style = 'width:' + r(img.width) + 'px;height:' + r(img.height) + 'px;' +
    'transform:translate3d(' + r(img.x - img.width / 2) + 'px,' + r(img.y - img.height / 2) + 'px,0) ' +
    'rotate(' + r(img.angle) + 'deg) scale(' + r(sx) + ',' + r(sy) + ');';
  return {
    v_img: style,
    v_cut_x: r(cut.x),
    v_cut_y: r(cut.y),
    v_cut_w: r(cut.width),
    v_cut_h: r(cut.height),
    v_animate: !!render.animate,
    v_round: !!render.round,
  };
}

/**
 * A number as the original's data getter gives it: rounded to 3 decimals
 * (`parseFloat(v.toFixed(3))`), with no -0. Math.round gives the same but at a tie (toFixed
 * rounds those away from zero, and `v * 1000` may have rounded onto one), in a third of the
 * time: this runs for every key of the mirror on every touchmove.
 * @param {number} v
 */
function round3(v) {
  var k = v * 1000;
  var n = k - Math.floor(k) === 0.5 ? parseFloat(v.toFixed(3)) : Math.round(k) / 1000;
  return n === 0 ? 0 : n;
}

/**
 * The state in the original's data keys and units: the box (`cut_left`, `cut_top`, `width`,
 * `height`, px), the image's scale and angle (degrees), its centre (`_img_left`, `_img_top`,
 * px) and, once an image is loaded, its displayed size at scale 1 (`img_width`, `img_height`,
 * px, as its `_imgComputeSize` writes them).
 * @param {Render} render
 * @param {boolean} withImage
 * @returns {Record<string, number>}
 */
function mirrorOf(render, withImage) {
  var img = render.img;
  var cut = render.cut;
  /** @type {Record<string, number>} */
  var m = {
    angle: round3(img.angle),
    scale: round3(img.scale),
    cut_left: round3(cut.x),
    cut_top: round3(cut.y),
    width: round3(cut.width),
    height: round3(cut.height),
    _img_left: round3(img.x),
    _img_top: round3(img.y),
  };
  if (withImage) {
    m.img_width = round3(img.width);
    m.img_height = round3(img.height);
  }
  return m;
}

/**
 * The keys of `next` that differ from `prev`, or null when nothing changed.
 * @param {Record<string, any>} prev
 * @param {Record<string, any>} next
 * @returns {Record<string, any> | null}
 */
function changedKeys(prev, next) {
  /** @type {Record<string, any> | null} */
  var patch = null;
  Object.keys(next).forEach(function (key) {
    if (prev[key] !== next[key]) {
      if (!patch) patch = {};
      patch[key] = next[key];
    }
  });
  return patch;
}

/** @typedef {import('./index.js').Controller} Controller */

/** @param {Controller} c */
function init(c) {
  /** view data last sent with setData */
  c.view = {};
  /** view changes collected by batched() */
  c.batch = null;
  c.dimTimer = null;
  /** true while the component's own setData runs (its observers then have nothing to take) */
  c.writing = false;
}

var methods = {
  /** @this {Controller} @param {Record<string, any>} patch */
  setData: function (patch) {
    if (this.detached) return;
    this.writing = true;
    try {
      this.host.setData(patch);
    } finally {
      this.writing = false;
    }
  },

  /** @this {Controller} @param {string} name @param {any} [detail] */
  emit: function (name, detail) {
    if (!this.detached) this.host.triggerEvent(name, detail);
  },

  /** @this {Controller} @param {any} err */
  emitError: function (err) {
    this.emit('error', errors.toDetail(err));
  },

  /**
   * `change` with the crop data (source pixels), kept to restore a rebuilt engine.
   * @this {Controller}
   * @param {boolean} [ifMoved] only when it differs from the last one (a property such as
   *   quality changes no crop)
   */
  emitChange: function (ifMoved) {
    if (!this.image || !this.isLive()) return;
    var data;
    try {
      data = this.cropper.getCropData();
    } catch (e) {
      if (!errors.isCodedError(e)) this.emitError(this.recoverFromTrap(e));
      return;
    }
    var last = this.cropData;
    if (ifMoved && last && !changedKeys(last, data)) return;
    this.cropData = data;
    this.emit('change', data);
  },

  /** The render's view keys and mirror keys that changed, in one setData (or the batch).
   *  @this {Controller} @param {any} render */
  applyRender: function (render) {
    if (!render || !render.img || !render.cut) return;
    var patch = changedKeys(this.view, viewOf(render));
    if (patch) Object.assign(this.view, patch);
    this.send(this.mirrorInto(patch, mirrorOf(render, !!this.image)));
  },

  /**
   * Adds to `patch` the mirror values that differ from the data (a page may have written into
   * it: `this.cropper.data.angle += 90`), and records them all as seen.
   * @this {Controller}
   * @param {Record<string, any> | null} patch
   * @param {Record<string, any>} mirror
   * @returns {Record<string, any> | null}
   */
  mirrorInto: function (patch, mirror) {
    var data = this.host.data;
    var seen = this.seen;
    for (var key in mirror) {
      var value = mirror[key];
      seen[key] = value;
      if (data[key] !== value || (this.batch && key in this.batch)) {
        if (!patch) patch = {};
        patch[key] = value;
      }
    }
    return patch;
  },

  /**
   * Sends the keys of `next` that changed (collected into the current batch, if any).
   * @this {Controller}
   * @param {Record<string, any>} next
   */
  applyView: function (next) {
    var patch = changedKeys(this.view, next);
    if (!patch) return;
    Object.assign(this.view, patch);
    this.send(patch);
  },

  /** @this {Controller} @param {Record<string, any> | null} patch */
  send: function (patch) {
    if (!patch) return;
    if (this.batch) Object.assign(this.batch, patch);
    else this.setData(patch);
  },

  /**
   * Runs `fn` collecting its view changes into one setData (a touch event may apply pending
   * properties and the touch's own render: still one setData).
   * @this {Controller}
   * @param {() => void} fn
   */
  batched: function (fn) {
    /** @type {Record<string, any>} */
    var patch = {};
    this.batch = patch;
    try {
      fn();
    } finally {
      this.batch = null;
      if (Object.keys(patch).length > 0) this.setData(patch);
    }
  },

  /** The mask goes lighter now (a gesture starts). @this {Controller} */
  brighten: function () {
    this.cancelDim();
    this.applyView({ v_dark: false });
  },

  /** The mask darkens DIM_DELAY_MS after the last gesture or change, as the original's.
   *  @this {Controller} */
  scheduleDim: function () {
    var self = this;
    this.cancelDim();
    this.dimTimer = setTimeout(function () {
      self.dimTimer = null;
      if (!self.detached) self.applyView({ v_dark: true });
    }, DIM_DELAY_MS);
  },

  /** @this {Controller} */
  cancelDim: function () {
    if (this.dimTimer) clearTimeout(this.dimTimer);
    this.dimTimer = null;
  },
};

module.exports = { viewOf: viewOf, mirrorOf: mirrorOf, round3: round3, changedKeys: changedKeys, init: init, methods: methods, DIM_DELAY_MS: DIM_DELAY_MS };
