// @ts-check
// The crop out of the cropper: `getCropData` (source pixels) and `getImg` (a file written by
// files.js from the core's export of the image bytes).
'use strict';

var errors = require('./errors.js');
var source = require('./source.js');
var files = require('./files.js');

var CODES = errors.CODES;

/**
 * A Uint8Array's bytes as an ArrayBuffer of exactly that length (what writeFile wants).
 * @param {Uint8Array} bytes
 * @returns {ArrayBuffer}
 */
function toArrayBuffer(bytes) {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return /** @type {ArrayBuffer} */ (bytes.buffer);
  return /** @type {ArrayBuffer} */ (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * @typedef {import('./index.js').Controller} Controller
 * @typedef {import('./image.js').ImageInfo} ImageInfo
 * @typedef {{url: string, width: number, height: number, size: number, type: string}} ExportResult
 * @typedef {{image: ImageInfo, map: any, options: any}} Snapshot
 */

var methods = {
  /** The crop in source pixels, or null without an image. @this {Controller} */
  getCropData: function () {
    if (!this.isLive() || !this.image) return null;
    try {
      return this.call(function (c) { return c.getCropData(); });
    } catch (e) {
      this.emitError(e);
      return null;
    }
  },

  /**
   * What an export needs, taken at one moment: the image, the crop as a CropMap and the options.
   * @this {Controller}
   * @returns {Snapshot}
   */
  snapshot: function () {
    var image = this.image;
    if (!image) throw errors.cropperError(CODES.NO_IMAGE, 'no image is loaded');
    var taken = image;
    // The output properties' size and options, as the core has them.
    return this.call(function (c) {
      return { image: taken, map: c.exportMap(), options: c.exportOptions() };
    });
  },

  /**
   * Exports the crop to a file. The crop, options and image are those of the moment of the
   * call (gestures or method calls while the file is read and written do not change this
   * result); a call queued behind a pushImg (or before load) takes them when its turn comes,
   * so it exports the image pushed before it. A failure is an `error` event; with a callback
   * (the original's form) the callback is not called and the Promise resolves to null, since
   * pages written for the original ignore it; without one the Promise rejects with the error.
   * @this {Controller}
   * @param {((result: ExportResult) => void) | undefined} callback
   * @returns {Promise<ExportResult | null>}
   */
  getImg: function (callback) {
    var self = this;
    /** @type {Snapshot | null} */
    var early = null;
    /** @type {any} */
    var earlyError = null;
    if (this.waiting === 0 && this.isLive() && !this.detached) {
      try {
        early = this.snapshot();
      } catch (e) {
        earlyError = e;
      }
    }
    var run = function (/** @type {() => void} */ release) {
      if (earlyError) throw earlyError;
      return self.ensureEngine().then(function () {
        var snap = early || self.snapshot();
        release();
        return source.readBytes(snap.image.path).then(function (bytes) {
          return self.ensureEngine().then(function () { return self.writeExport(snap, bytes); });
        });
      });
    };
    // Taken now: later calls need not wait for it. Else it takes them at its turn in the queue.
    var queued = early || earlyError
      ? this.queue.run(function () { return run(function () { return undefined; }); })
      : this.ordered(run);
    var result = queued.then(function (res) {
      if (typeof callback === 'function') {
        try {
          callback(res);
        } catch (e) {
          // The caller's own bug: report it in the console, it is not an export failure.
          console.error(e);
        }
      }
      return res;
    }, function (err) {
      self.emitError(err);
      if (typeof callback === 'function') return null;
      throw err;
    });
    return errors.quiet(result);
  },

  /**
   * Exports `snap` from the image `bytes` and writes the file: in the core (in the app's Worker
   * when there is one: worker-host.js), or through the platform's decoder for an image the core
   * does not decode (platform-decode.js).
   * @this {Controller}
   * @param {Snapshot} snap
   * @param {ArrayBuffer} bytes
   * @returns {Promise<ExportResult>}
   */
  writeExport: function (snap, bytes) {
    var produced = this.isPlatformImage(snap.image)
      ? this.platformExport(snap)
      : this.coreExport({ op: 'exportImage', bytes: bytes, map: snap.map, options: snap.options });
    return produced.then(function (out) {
      return files.writeExport(toArrayBuffer(out.bytes), out.type).then(function (file) {
        return { url: file.path, width: out.width, height: out.height, size: file.size, type: out.type };
      });
    });
  },

  /**
   * Runs an export job on the logic thread (the core's exportImage / exportRgba), then hands a
   * big export's memory back.
   * @this {Controller}
   * @param {import('./worker-host.js').Job} job
   * @returns {import('./worker-host.js').Output}
   */
  exportHere: function (job) {
    var out = this.call(function (c, core) {
      return job.op === 'exportRgba'
        ? core.exportRgba(new Uint8Array(job.pixels), job.width, job.height, job.map, job.options)
        : core.exportImage(new Uint8Array(job.bytes), job.map, job.options);
    });
    this.releaseMemoryIfLarge();
    return out;
  },
};

module.exports = { methods: methods };
