// @ts-check
// Export files: only under `${wx.env.USER_DATA_PATH}/image-cropper/`, written to a `.part` file
// and renamed once its size is verified (a failed or short write is an error, never a file),
// and pruned so only the most recent few stay (USER_DATA_PATH has a 200 MB quota).
'use strict';

var errors = require('./errors.js');

var CODES = errors.CODES;

/** How many exports are kept; older ones are deleted after each new export. */
var KEEP_EXPORTS = 5;

var EXPORT_NAME = /^crop_(\d+)_(\d+)\.(png|jpg)$/;
var PART_NAME = /^crop_\d+_\d+\.(png|jpg)\.part$/;

var sequence = 0;

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
 * Export names sorted newest first (the name holds the time and a sequence number).
 * @param {string[]} names
 */
function newestFirst(names) {
  return names
    .map(function (name) { return { name: name, m: EXPORT_NAME.exec(name) }; })
    .filter(function (e) { return e.m; })
    .sort(function (a, b) {
      var am = /** @type {RegExpExecArray} */ (a.m);
      var bm = /** @type {RegExpExecArray} */ (b.m);
      return Number(bm[1]) - Number(am[1]) || Number(bm[2]) - Number(am[2]);
    })
    .map(function (e) { return e.name; });
}

/**
 * Deletes exports beyond the newest KEEP_EXPORTS and leftover `.part` files; `keep` (the file
 * just written) and `busy` (.part files being written right now) are never touched. Failures
 * here do not fail the export.
 * @param {string[]} busy
 */
function prune(busy) {
  var dir = exportDir();
  return fsCall('readdir', { dirPath: dir }).then(function (res) {
    var names = /** @type {string[]} */ (res.files || []);
    var stale = newestFirst(names).slice(KEEP_EXPORTS);
    names.forEach(function (name) {
      if (PART_NAME.test(name) && busy.indexOf(name) < 0) stale.push(name);
    });
    return Promise.all(stale.map(function (name) {
      return fsCall('unlink', { filePath: dir + '/' + name }).catch(function () { return undefined; });
    }));
  }).catch(function () { return undefined; });
}

/** @type {string[]} */
var writing = [];

/**
 * Writes one export and returns its path. The bytes go to `<name>.part`, whose size is checked
 * before it is renamed to `<name>`; on any failure the part file is removed and the promise
 * rejects with `write_failed`.
 * @param {ArrayBuffer} bytes
 * @param {string} ext 'png' | 'jpg'
 * @returns {Promise<{path: string, size: number}>}
 */
function writeExport(bytes, ext) {
  var dir = exportDir();
  sequence += 1;
  var name = 'crop_' + Date.now() + '_' + sequence + '.' + ext;
  var path = dir + '/' + name;
  var part = path + '.part';
  writing.push(name + '.part');
  var finish = function () {
    var i = writing.indexOf(name + '.part');
    if (i >= 0) writing.splice(i, 1);
  };
  return ensureDir()
    .then(function () { return fsCall('writeFile', { filePath: part, data: bytes }); })
    .then(function () { return fsCall('stat', { path: part }); })
    .then(function (res) {
      var size = res && res.stats ? res.stats.size : -1;
      if (size !== bytes.byteLength) {
        throw errors.cropperError(CODES.WRITE_FAILED, 'short write: ' + size + ' of ' + bytes.byteLength + ' bytes');
      }
      return fsCall('rename', { oldPath: part, newPath: path });
    })
    .then(function () {
      finish();
      return prune(writing).then(function () { return { path: path, size: bytes.byteLength }; });
    }, function (res) {
      finish();
      var err = errors.isCodedError(res) ? res
        : errors.cropperError(CODES.WRITE_FAILED, 'cannot write ' + path + ': ' + ((res && res.errMsg) || res));
      return fsCall('unlink', { filePath: part }).then(function () { throw err; }, function () { throw err; });
    });
}

module.exports = { exportDir: exportDir, writeExport: writeExport, prune: prune, KEEP_EXPORTS: KEEP_EXPORTS };
