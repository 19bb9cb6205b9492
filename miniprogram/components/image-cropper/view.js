// @ts-check
// The engine's Render as view data: the <image>'s CSS transform and the crop box rectangle.
// No geometry here beyond formatting: positions and sizes come from the engine.
'use strict';

/**
 * @typedef {{x: number, y: number, width: number, height: number, scale: number, angle: number,
 *            flipX?: boolean | number, flipY?: boolean | number}} RenderImage
 * @typedef {{x: number, y: number, width: number, height: number}} RenderCut
 * @typedef {{img: RenderImage, cut: RenderCut, animate?: boolean, tap?: boolean}} Render
 * @typedef {{v_img: string, v_cut_x: number, v_cut_y: number, v_cut_w: number, v_cut_h: number,
 *            v_animate: boolean}} ViewData
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
  };
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

module.exports = { viewOf: viewOf, changedKeys: changedKeys };
