// @ts-check
// Where image bytes come from: local temp / user-data / code-package paths, http(s) URLs
// (wx.downloadFile), and the photo picker (wx.chooseMedia, or wx.chooseImage where missing).
'use strict';

var errors = require('./errors.js');

var CODES = errors.CODES;

/**
 * How a source string must be fetched.
 * - 'remote': an http(s) URL to download;
 * - 'local': a path the file system reads as it is (temp files, USER_DATA_PATH, code package).
 * DevTools names temp and user files `http://tmp/…` and `http://usr/…`: those are local.
 * @param {string} src
 * @returns {'remote' | 'local'}
 */
function classify(src) {
  var userData = (wx.env && wx.env.USER_DATA_PATH) || '';
  if (userData && src.indexOf(userData) === 0) return 'local';
  if (/^https?:\/\/(tmp|usr|store)(\/|$)/i.test(src)) return 'local';
  if (/^https?:\/\//i.test(src)) return 'remote';
  return 'local';
}

/**
 * The route of the page on screen ('pages/index/index'), or '' when unknown.
 * @returns {string}
 */
function currentRoute() {
  try {
    var pages = typeof getCurrentPages === 'function' ? getCurrentPages() : [];
    var page = pages && pages.length ? pages[pages.length - 1] : null;
    return page && typeof page.route === 'string' ? page.route : '';
  } catch (e) {
    return '';
  }
}

/**
 * The path to read and to show in <image>: a relative code-package path becomes absolute, since
 * a relative `src` inside a component would resolve against the component's folder.
 * `images/a.jpg` is taken from the package root; `./a.jpg` and `../../images/a.jpg` from the
 * folder of the page (`route`, e.g. 'pages/index/index'), as the page's own <image> would.
 * @param {string} src
 * @param {string} [route] defaults to the page on screen
 */
function localPath(src, route) {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(src) || src.charAt(0) === '/') return src;
  var base = '';
  if (/^\.\.?\//.test(src)) {
    var page = route === undefined ? currentRoute() : route;
    base = page.replace(/^\/+/, '').replace(/[^/]*$/, '');
  }
  /** @type {string[]} */
  var parts = [];
  (base + src).split('/').forEach(function (part) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  });
  return '/' + parts.join('/');
}

/**
 * Percent-encodes what wx.downloadFile refuses (non-ASCII characters, spaces, controls) and
 * leaves everything else, including existing %XX escapes, untouched.
 * @param {string} url
 */
function encodeUrl(url) {
  return url.replace(/[^\x21-\x7e]+/g, function (run) {
    try {
      return encodeURIComponent(run);
    } catch (e) {
      return run; // a lone surrogate: leave it, the download reports the failure
    }
  });
}

/**
 * @param {string} url
 * @returns {Promise<string>} the downloaded temp file path
 */
function download(url) {
  return new Promise(function (resolve, reject) {
    wx.downloadFile({
      url: encodeUrl(url),
      success: function (res) {
        if (res.statusCode >= 200 && res.statusCode < 300 && res.tempFilePath) resolve(res.tempFilePath);
        else reject(errors.cropperError(CODES.DOWNLOAD_FAILED, 'download of ' + url + ' answered HTTP ' + res.statusCode));
      },
      fail: function (res) {
        reject(errors.cropperError(CODES.DOWNLOAD_FAILED, 'download of ' + url + ' failed: ' + (res && res.errMsg)));
      },
    });
  });
}

/**
 * @param {string} path
 * @returns {Promise<ArrayBuffer>}
 */
function readBytes(path) {
  return new Promise(function (resolve, reject) {
    wx.getFileSystemManager().readFile({
      filePath: path,
      success: function (res) {
        if (res.data instanceof ArrayBuffer || (res.data && typeof res.data !== 'string')) {
          resolve(/** @type {ArrayBuffer} */ (res.data));
        } else {
          reject(errors.cropperError(CODES.READ_FAILED, 'reading ' + path + ' gave no bytes'));
        }
      },
      fail: function (res) {
        reject(errors.cropperError(CODES.READ_FAILED, 'cannot read ' + path + ': ' + (res && res.errMsg)));
      },
    });
  });
}

/**
 * Resolves a source to a local path whose bytes can be read.
 * @param {string} src
 * @returns {Promise<string>}
 */
function fetchToLocal(src) {
  if (typeof src !== 'string' || src.length === 0) {
    return Promise.reject(errors.cropperError(CODES.INVALID_OPTION, 'the image source must be a non-empty string'));
  }
  if (classify(src) === 'remote') return download(src);
  return Promise.resolve(localPath(src));
}

/**
 * A fail result of the picker as an error, or null for a cancel (not an error).
 * @param {any} res
 * @returns {Error | null}
 */
function chooseFailure(res) {
  var msg = (res && res.errMsg) || '';
  var errno = res && res.errno;
  if (errno === 104 || errno === 112 || /privacy|privacy agreement|api scope is not declared/i.test(msg)) {
    return errors.cropperError(CODES.PRIVACY_DENIED, 'the user has not agreed to the privacy policy: ' + msg);
  }
  if (/cancel/i.test(msg)) return null;
  return errors.cropperError(CODES.CHOOSE_FAILED, msg || 'choosing a photo failed');
}

/**
 * Lets the user pick one photo. Resolves to its temp path, or null when the user cancels.
 * @returns {Promise<string | null>}
 */
function choosePhoto() {
  return new Promise(function (resolve, reject) {
    var fail = function (/** @type {any} */ res) {
      var err = chooseFailure(res);
      if (err) reject(err);
      else resolve(null);
    };
    if (typeof wx.chooseMedia === 'function') {
      wx.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        sizeType: ['original', 'compressed'],
        success: function (res) {
          var file = res.tempFiles && res.tempFiles[0];
          if (file && file.tempFilePath) resolve(file.tempFilePath);
          else reject(errors.cropperError(CODES.CHOOSE_FAILED, 'the picker returned no file'));
        },
        fail: fail,
      });
    } else {
      wx.chooseImage({
        count: 1,
        sizeType: ['original', 'compressed'],
        sourceType: ['album', 'camera'],
        success: function (res) {
          var path = res.tempFilePaths && res.tempFilePaths[0];
          if (path) resolve(path);
          else reject(errors.cropperError(CODES.CHOOSE_FAILED, 'the picker returned no file'));
        },
        fail: fail,
      });
    }
  });
}

/**
 * The window size, with wx.getSystemInfoSync where wx.getWindowInfo is missing (base library
 * < 2.20.1).
 * @returns {{width: number, height: number}}
 */
function windowSize() {
  /** @type {any} */
  var info = null;
  try {
    info = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo() : wx.getSystemInfoSync();
  } catch (e) {
    info = null;
  }
  var width = info && info.windowWidth > 0 ? info.windowWidth : 375;
  var height = info && info.windowHeight > 0 ? info.windowHeight : 667;
  return { width: width, height: height };
}

module.exports = {
  classify: classify,
  localPath: localPath,
  encodeUrl: encodeUrl,
  fetchToLocal: fetchToLocal,
  readBytes: readBytes,
  choosePhoto: choosePhoto,
  chooseFailure: chooseFailure,
  windowSize: windowSize,
};
