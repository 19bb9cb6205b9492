// @ts-check
// The component's properties as declared to WeChat: a type per property (here) and the core's
// default value (core/defaults.js, written by the build from Props::default), plus the
// component's own imgSrc, canvas_top and canvas_left; and the observers that hand each change
// to the controller.
'use strict';

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
 * @param {(instance: any) => import('./index.js').Controller} ctl the controller of a component instance
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
    observers[name] = function () { ctl(this).propChanged(); };
  });
  return { properties: properties, observers: observers };
}

module.exports = { declare: declare, ENGINE_PROPS: ENGINE_PROPS, TYPES: TYPES };
