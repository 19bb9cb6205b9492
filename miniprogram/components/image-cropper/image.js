// @ts-check
// Loading an image: `pushImg` (a path or URL, or the imgSrc property), `upload` (the picker),
// a tap with no image (the picker, as the original). The bytes are probed by the core, which
// gives the displayed size and EXIF orientation; `imageload` reports them as
// wx.getImageInfo would.
'use strict';

var errors = require('./errors.js');
var source = require('./source.js');

/** EXIF orientation 1..8 as wx.getImageInfo names it (what the original's imageload gave). */
var ORIENTATIONS = ['up', 'up', 'up-mirrored', 'down', 'down-mirrored', 'left-mirrored', 'right', 'right-mirrored', 'left'];

/** @param {any} exif */
function orientationName(exif) {
  return ORIENTATIONS[exif >= 1 && exif <= 8 ? exif : 1];
}

/** @param {any} value */
function isSet(value) {
  return value !== null && value !== undefined && value !== '';
}

/**
 * @typedef {import('./index.js').Controller} Controller
 * @typedef {{width: number, height: number, path: string, type: string, orientation: string}} ImageInfo
 */

/** @param {Controller} c */
function init(c) {
  // Known before any observer can start loading (observers may run before attached).
  c.viewport = source.windowSize();
  c.image = null;
  /** crop data after the last change, restored into a rebuilt engine */
  c.cropData = null;
  /** the source of the last pushImg / imgSrc, to skip setting the same again */
  c.lastSrc = null;
}

var methods = {
  /** The component is in the page: load the engine, and the imgSrc property if set.
   *  @this {Controller} */
  attach: function () {
    var self = this;
    this.viewport = source.windowSize();
    this.ensureEngine().catch(function (err) { self.emitError(err); });
    if (isSet(this.host.data.imgSrc)) this.srcChanged(this.host.data.imgSrc);
  },

  /** @this {Controller} @param {any} src the imgSrc property */
  srcChanged: function (src) {
    if (!isSet(src) || src === this.lastSrc) return;
    this.pushImg(src);
  },

  /**
   * Loads an image: local path, code-package path or http(s) URL; without a source, the
   * imgSrc property (as the original's pushImg()).
   * @this {Controller}
   * @param {string} [src]
   * @returns {Promise<ImageInfo>}
   */
  pushImg: function (src) {
    var self = this;
    /** @type {any} */
    var from = src === undefined || src === null ? this.host.data.imgSrc : src;
    this.lastSrc = from;
    return errors.quiet(this.ordered(function () {
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
  },

  /**
   * Probes the bytes in the core and shows the image; a format the core does not decode goes
   * to the platform (platform-decode.js).
   * @this {Controller}
   * @param {string} path
   * @param {ArrayBuffer} bytes
   * @returns {ImageInfo | Promise<ImageInfo>}
   */
  showImage: function (path, bytes) {
    var info;
    try {
      info = this.call(function (c, core) { return core.probe(new Uint8Array(bytes)); });
    } catch (e) {
      if (errors.isCodedError(e) && /** @type {any} */ (e).code === 'unsupported_format') return this.showPlatformImage(path, bytes, e);
      throw e;
    }
    return this.presentImage(path, info);
  },

  /**
   * Shows an image of `info`'s displayed size: the engine's loadImage, the view, imageload.
   * @this {Controller}
   * @param {string} path
   * @param {{width: number, height: number, format: string, orientation: number}} info
   * @returns {ImageInfo}
   */
  presentImage: function (path, info) {
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
  },

  /** Lets the user choose a photo and loads it; a cancel resolves to null. @this {Controller} */
  upload: function () {
    var self = this;
    return errors.quiet(source.choosePhoto().then(function (path) {
      return path ? self.pushImg(path) : null;
    }, function (err) {
      self.emitError(err);
      throw err;
    }));
  },

  /** A tap on the component with no image (and none loading) opens the picker, as the
   *  original. @this {Controller} */
  tap: function () {
    if (this.image || this.waiting > 0 || this.detached) return;
    this.upload();
  },
};

module.exports = { init: init, methods: methods, orientationName: orientationName };
