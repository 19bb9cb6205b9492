// @ts-check
// The platform fallback: a file the core answers `unsupported_format` for (WebP in the shipped
// build, HEIC, TIFF, arithmetic-coded or 12-bit JPEG, …) is decoded by WeChat itself, as the
// original component's canvas did. At load, an offscreen 2d canvas's Image gives the size
// (wx.getImageInfo the EXIF orientation); at export, the region the crop reads is drawn at the
// resolution the output needs (a canvas side is at most 4096 px), and its pixels go to the
// core's exportRgba with the crop map moved onto them: the same mask, quality, max_bytes and
// resampling as any export. Where the platform cannot decode the file either, the core's
// `unsupported_format` stands. The arithmetic is in platform-plan.js.
//
// EXIF orientation: wx.getImageInfo's width and height are the stored size ("不考虑旋转") with
// `orientation` beside them; whether the canvas's Image is drawn upright is not documented, so
// it is measured: by the Image's size when the orientation swaps the sides, else by a 2×1 JPEG
// with orientation 6 (CALIBRATION_JPEG) drawn once. What the canvas does not apply, the draw's
// transform does, so nothing is turned twice.
'use strict';

var errors = require('./errors.js');
var plan = require('./platform-plan.js');

/** An Image that neither loads nor fails in this time is a failure (never a stuck queue). */
var LOAD_TIMEOUT_MS = 30000;

/** A 2×1 JPEG (red, blue) with EXIF orientation 6: 1×2 where the canvas applies it. */
var CALIBRATION_JPEG = 'data:image/jpeg;base64,' +
  '/9j/4QC8RXhpZgAASUkqAAgAAAAGABIBAwABAAAABgAAABoBBQABAAAAVgAAABsBBQABAAAAXgAAACgBAwABAAAAAgAAABMC' +
  'AwABAAAAAQAAAGmHBAABAAAAZgAAAAAAAAA4YwAA6AMAADhjAADoAwAABgAAkAcABAAAADAyMTABkQcABAAAAAECAwAAoAcA' +
  'BAAAADAxMDABoAMAAQAAAP//AAACoAQAAQAAAAIAAAADoAQAAQAAAAEAAAAAAAAA/9sAQwAQCwwODAoQDg0OEhEQExgoGhgW' +
  'FhgxIyUdKDozPTw5Mzg3QEhcTkBEV0U3OFBtUVdfYmdoZz5NcXlwZHhcZWdj/9sAQwEREhIYFRgvGhovY0I4QmNjY2NjY2Nj' +
  'Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj/8AAEQgAAQACAwEiAAIRAQMRAf/EABUAAQEAAAAA' +
  'AAAAAAAAAAAAAAAG/8QAGhABAAEFAAAAAAAAAAAAAAAAAAECAzNysf/EABUBAQEAAAAAAAAAAAAAAAAAAAMG/8QAGREAAQUA' +
  'AAAAAAAAAAAAAAAAAAECAzNx/9oADAMBAAIRAxEAPwCQvZq9p6At4Km4gM1jtU//2Q==';

/** @type {Promise<boolean> | null} whether the canvas draws JPEGs with their EXIF orientation */
var calibration = null;

/** @typedef {{canvas: any, img: any}} Loaded */

/** @param {Loaded} loaded */
function release(loaded) {
  var img = loaded.img;
  img.onload = null;
  img.onerror = null;
  try {
    img.src = '';
    loaded.canvas.width = 1;
    loaded.canvas.height = 1;
  } catch (e) {
    // Memory goes back with the objects anyway.
  }
}

/**
 * Loads `src` into an Image of a fresh offscreen 2d canvas of the given size (an Image is
 * drawn by the canvas that created it).
 * @param {string} src
 * @param {number} width
 * @param {number} height
 * @returns {Promise<Loaded>}
 */
function loadImage(src, width, height) {
  return new Promise(function (resolve, reject) {
    var canvas = /** @type {any} */ (wx).createOffscreenCanvas({ type: '2d', width: width, height: height });
    var img = canvas.createImage();
    var timer = setTimeout(function () {
      release({ canvas: canvas, img: img });
      reject(new Error('the platform did not load it in ' + LOAD_TIMEOUT_MS / 1000 + ' s'));
    }, LOAD_TIMEOUT_MS);
    img.onload = function () {
      clearTimeout(timer);
      resolve({ canvas: canvas, img: img });
    };
    img.onerror = function (/** @type {any} */ e) {
      clearTimeout(timer);
      release({ canvas: canvas, img: img });
      reject(new Error('Image.onerror' + (e && e.errMsg ? ': ' + e.errMsg : '')));
    };
    img.src = src;
  });
}

/**
 * wx.getImageInfo's answer (stored size and orientation), or null when it has none.
 * @param {string} path
 * @returns {Promise<{width: number, height: number, orientation?: string, type?: string} | null>}
 */
function imageInfo(path) {
  return new Promise(function (resolve) {
    if (typeof wx.getImageInfo !== 'function') {
      resolve(null);
      return;
    }
    wx.getImageInfo({
      src: path,
      success: function (res) { resolve(res && res.width > 0 && res.height > 0 ? res : null); },
      fail: function () { resolve(null); },
    });
  });
}

/** Whether the canvas applies a JPEG's EXIF orientation (measured once per app). */
function calibrate() {
  if (!calibration) {
    calibration = loadImage(CALIBRATION_JPEG, 1, 1).then(function (loaded) {
      var portrait = loaded.img.width < loaded.img.height;
      release(loaded);
      return portrait;
    }, function () {
      // It cannot even draw this: images that need the answer will fail to load anyway.
      return true;
    });
  }
  return calibration;
}

/**
 * The platform's view of the file: the frame its canvas draws, and wx.getImageInfo's answer.
 * @param {string} path
 * @returns {Promise<{frame: import('./platform-plan.js').Frame, info: any}>}
 */
function probeImage(path) {
  if (typeof wx.createOffscreenCanvas !== 'function') {
    return Promise.reject(new Error('wx.createOffscreenCanvas is missing (base library >= 2.16.1)'));
  }
  return Promise.all([loadImage(path, 1, 1), imageInfo(path)]).then(function (found) {
    var img = found[0].img;
    var width = img.width;
    var height = img.height;
    release(found[0]);
    if (!(width > 0 && height > 0)) throw new Error('the platform decoded no pixels');
    var info = found[1];
    var frame = plan.frameOf(width, height, info, null);
    if (frame) return { frame: frame, info: info };
    return calibrate().then(function (orients) {
      return { frame: /** @type {import('./platform-plan.js').Frame} */ (plan.frameOf(width, height, info, orients)), info: info };
    });
  });
}

/** A Uint8ClampedArray's bytes as an ArrayBuffer of exactly that length. */
function bufferOf(/** @type {Uint8ClampedArray} */ data) {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return /** @type {ArrayBuffer} */ (data.buffer);
  return /** @type {ArrayBuffer} */ (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/**
 * The RGBA pixels of `p`'s region, drawn upright at its scale.
 * @param {string} path
 * @param {import('./platform-plan.js').Plan} p
 * @param {import('./platform-plan.js').Frame} frame
 * @returns {Promise<ArrayBuffer>}
 */
function drawRegion(path, p, frame) {
  return loadImage(path, p.canvasWidth, p.canvasHeight).then(function (loaded) {
    try {
      var ctx = loaded.canvas.getContext('2d');
      var d = plan.drawing(p, frame);
      var t = d.transform;
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.setTransform(t[0], t[1], t[2], t[3], t[4], t[5]);
      ctx.drawImage(loaded.img, d.sx, d.sy, d.sw, d.sh, d.sx, d.sy, d.sw, d.sh);
      return bufferOf(ctx.getImageData(0, 0, p.canvasWidth, p.canvasHeight).data);
    } finally {
      release(loaded);
    }
  });
}

/**
 * The core's error for a file nobody decodes.
 * @param {any} coreError
 * @param {any} cause
 */
function undecodable(coreError, cause) {
  return errors.cropperError(coreError && coreError.code ? coreError.code : 'unsupported_format',
    ((coreError && coreError.message) || 'unsupported format') + '; the platform cannot decode it either: ' + errors.toDetail(cause).message);
}

/**
 * @typedef {import('./index.js').Controller} Controller
 * @typedef {import('./image.js').ImageInfo} ImageInfo
 */

/** @param {Controller} c */
function init(c) {
  /** the platform's frame of the image loaded last, when the platform decoded it */
  c.platformFrame = null;
}

var methods = {
  /**
   * Loads an image the core refused with `coreError` (unsupported_format) through the
   * platform; rejects with that error when the platform cannot decode it either.
   * @this {Controller}
   * @param {string} path
   * @param {ArrayBuffer} bytes
   * @param {any} coreError
   * @returns {Promise<ImageInfo>}
   */
  showPlatformImage: function (path, bytes, coreError) {
    var self = this;
    return probeImage(path).then(function (found) {
      return self.ensureEngine().then(function () {
        var frame = found.frame;
        self.platformFrame = { path: path, frame: frame };
        var type = plan.sniffFormat(bytes);
        return self.presentImage(path, {
          width: frame.width,
          height: frame.height,
          format: type === 'unknown' && found.info && found.info.type ? found.info.type : type,
          orientation: plan.orientationNumber(found.info && found.info.orientation),
        });
      });
    }, function (cause) {
      throw undecodable(coreError, cause);
    });
  },

  /**
   * Whether `image` was decoded by the platform (its export goes through platformExport).
   * @this {Controller}
   * @param {ImageInfo} image
   */
  isPlatformImage: function (image) {
    return !!this.platformFrame && this.platformFrame.path === image.path;
  },

  /**
   * Exports `snap` of a platform-decoded image: its region drawn by the platform, then the
   * core's exportRgba (in the worker when there is one).
   * @this {Controller}
   * @param {import('./export.js').Snapshot} snap
   * @returns {Promise<import('./worker-host.js').Output>}
   */
  platformExport: function (snap) {
    var self = this;
    var frame = /** @type {{path: string, frame: import('./platform-plan.js').Frame}} */ (this.platformFrame).frame;
    var p = plan.planRegion(snap.map, snap.image.width, snap.image.height);
    // A crop that misses the image is all fill: one transparent pixel is enough to say so.
    var pixels = p ? drawRegion(snap.image.path, p, frame) : Promise.resolve(new ArrayBuffer(4));
    return pixels.then(function (buffer) {
      return self.coreExport({
        op: 'exportRgba',
        pixels: buffer,
        width: p ? p.canvasWidth : 1,
        height: p ? p.canvasHeight : 1,
        map: p ? p.map : snap.map,
        options: snap.options,
      });
    }, function (cause) {
      throw errors.cropperError('unsupported_format', 'the platform could not draw ' + snap.image.path + ': ' + errors.toDetail(cause).message);
    });
  },
};

module.exports = { init: init, methods: methods, LOAD_TIMEOUT_MS: LOAD_TIMEOUT_MS };
