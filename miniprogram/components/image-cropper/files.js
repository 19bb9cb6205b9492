// @ts-check
// Export files: only under `${wx.env.USER_DATA_PATH}/image-cropper/`, written to a `.part` file
// and renamed once its size is verified (a failed or short write is an error, never a file).
// No export of the current run of the mini program is ever deleted: the page may still show
// it or be about to upload it. Space (USER_DATA_PATH and the cache share 200 MB) is reclaimed
// from earlier runs only: their exports and leftover `.part` files go at the first export of
// a run, and again when a write fails for room; if that is still not enough the export is
// `write_failed`, saying the storage is full.
'use strict';

/* global globalThis */ // read behind typeof: older JS engines have none (then `wx` holds the run id)

var errors = require('./errors.js');

var CODES = errors.CODES;

/** An export or its `.part`: crop_<run>_<sequence>.<png|jpg>[.part] (run: [0-9a-z]+). */
var FILE_NAME = /^crop_([0-9a-z]+)_\d+\.(png|jpg)(\.part)?$/;

/** What WeChat's file system answers when USER_DATA_PATH has no room left. */
var NO_ROOM = /maximum size|storage limit|exceed|no space|quota|ENOSPC/i;

/**
 * This run's id, in every copy of the component loaded in it (a main-package and a subpackage
 * copy have a module each): kept on the JS global, or on `wx` where there is none.
 */
function runId() {
  var holder = /** @type {any} */ (typeof globalThis === 'object' && globalThis ? globalThis : wx);
  if (!holder.__imageCropperRun) {
    var id = Date.now().toString(36) + Math.floor(Math.random() * 1679616).toString(36);
    try {
      holder.__imageCropperRun = id;
    } catch (e) {
      return id;
    }
  }
  return String(holder.__imageCropperRun);
}

var RUN = runId();
var sequence = 0;
/** The reclaim at the first export of this run (one for all instances). */
/** @type {Promise<number> | null} */
var reclaimed = null;

function exportDir() {
  return wx.env.USER_DATA_PATH + '/image-cropper';
}

/**
 * Calls an asynchronous FileSystemManager method as a Promise.
 * @param {string} method
 * @param {Record<string, any>} options
 * @returns {Promise<any>}
 */
function fsCall(method, options) {
  return new Promise(function (resolve, reject) {
    var fs = /** @type {any} */ (wx.getFileSystemManager());
    fs[method](Object.assign({}, options, { success: resolve, fail: reject }));
  });
}

/** Creates the export folder; "already exists" is success. */
function ensureDir() {
  var dir = exportDir();
  return fsCall('access', { path: dir }).catch(function () {
    return fsCall('mkdir', { dirPath: dir, recursive: true }).catch(function (res) {
      if (/exist/i.test((res && res.errMsg) || '')) return undefined;
      throw errors.cropperError(CODES.WRITE_FAILED, 'cannot create ' + dir + ': ' + (res && res.errMsg));
    });
  });
}

/**
 * Whether `name` is an export or a `.part` of an earlier run (the current run's are never
 * touched; other files in the folder are not the component's).
 * @param {string} name
 */
function ofEarlierRun(name) {
  var m = FILE_NAME.exec(name);
  return !!m && m[1] !== RUN;
}

/**
 * Deletes the exports and `.part` files of earlier runs; resolves to how many went. Failures
 * here do not fail an export.
 * @returns {Promise<number>}
 */
function pruneEarlierRuns() {
  var dir = exportDir();
  return fsCall('readdir', { dirPath: dir }).then(function (res) {
    var stale = /** @type {string[]} */ (res.files || []).filter(ofEarlierRun);
    return Promise.all(stale.map(function (name) {
      return fsCall('unlink', { filePath: dir + '/' + name }).then(function () { return 1; }, function () { return 0; });
    }));
  }).then(function (deleted) {
    return deleted.reduce(function (a, b) { return a + b; }, 0);
  }, function () { return 0; });
}

/** The first-use reclaim, once per run. */
function reclaimOnce() {
  if (!reclaimed) reclaimed = pruneEarlierRuns();
  return reclaimed;
}

/** @param {any} res */
function isNoRoom(res) {
  return NO_ROOM.test((res && (res.errMsg || res.message)) || '');
}

/**
 * Writes `bytes` to `part`, checks its size and renames it to `path`; the part file is removed
 * on any failure. Rejects with the wx answer (or a coded error for a short write).
 * @param {ArrayBuffer} bytes
 * @param {string} path
 */
function writeOnce(bytes, path) {
  var part = path + '.part';
  return fsCall('writeFile', { filePath: part, data: bytes })
    .then(function () { return fsCall('stat', { path: part }); })
    .then(function (res) {
      var size = res && res.stats ? res.stats.size : -1;
      if (size !== bytes.byteLength) {
        throw errors.cropperError(CODES.WRITE_FAILED, 'short write: ' + size + ' of ' + bytes.byteLength + ' bytes');
      }
      return fsCall('rename', { oldPath: part, newPath: path });
    })
    .catch(function (res) {
      return fsCall('unlink', { filePath: part }).then(function () { throw res; }, function () { throw res; });
    });
}

/**
 * Writes one export and returns its path. When the write fails for room, the earlier runs'
 * files are deleted and, if any went, it is written once more; then `write_failed`.
 * @param {ArrayBuffer} bytes
 * @param {string} ext 'png' | 'jpg'
 * @returns {Promise<{path: string, size: number}>}
 */
function writeExport(bytes, ext) {
  sequence += 1;
  var path = exportDir() + '/crop_' + RUN + '_' + sequence + '.' + ext;
  var done = function () { return { path: path, size: bytes.byteLength }; };
  return ensureDir()
    .then(reclaimOnce)
    .then(function () { return writeOnce(bytes, path); })
    .catch(function (res) {
      if (!isNoRoom(res)) throw res;
      return pruneEarlierRuns().then(function (deleted) {
        if (deleted === 0) throw res;
        return writeOnce(bytes, path);
      });
    })
    .then(done, function (res) {
      if (errors.isCodedError(res)) throw res;
      var why = (res && res.errMsg) || String(res);
      throw errors.cropperError(CODES.WRITE_FAILED, isNoRoom(res)
        ? 'the storage is full: cannot write ' + path + ' (' + why + '). USER_DATA_PATH and the cache share 200 MB; ' +
          "the exports of earlier runs were removed, this run's are kept: delete the ones the page no longer needs"
        : 'cannot write ' + path + ': ' + why);
    });
}

module.exports = { exportDir: exportDir, writeExport: writeExport, pruneEarlierRuns: pruneEarlierRuns, runId: runId };
