// @ts-check
// Errors as the component reports them: `error` events carry {code, message}. Codes from the
// wasm core (unsupported_format, truncated, corrupt_data, too_large, invalid_option, no_image,
// encode_failed) pass through unchanged; the codes below are the component's own. Every public
// method's Promise is `quiet`: a page that listens to the event instead gets no unhandled
// rejection.
'use strict';

var CODES = {
  /** WXWebAssembly missing or the module could not be instantiated. */
  LOAD_FAILED: 'load_failed',
  /** The wasm instance trapped (e.g. out of memory); it was replaced by a fresh one. */
  WASM_TRAP: 'wasm_trap',
  /** The source file could not be read (missing file, no permission). */
  READ_FAILED: 'read_failed',
  /** wx.downloadFile failed or answered with a non-2xx status. */
  DOWNLOAD_FAILED: 'download_failed',
  /** The export could not be written (e.g. storage quota); no file is returned. */
  WRITE_FAILED: 'write_failed',
  /** The user has not agreed to the privacy policy (errno 104 / 112). */
  PRIVACY_DENIED: 'privacy_denied',
  /** wx.chooseMedia / wx.chooseImage failed for another reason than a cancel. */
  CHOOSE_FAILED: 'choose_failed',
  /** The <image> could not display the picture. */
  DISPLAY_FAILED: 'display_failed',
  /** The component was detached while the call was pending. */
  DETACHED: 'detached',
  /** An image operation needs an image and none is loaded. */
  NO_IMAGE: 'no_image',
  /** An argument of a method is of the wrong kind. */
  INVALID_OPTION: 'invalid_option',
  /** The app's Worker failed an export (killed, error, no answer, no wasm): not an export
   *  failure, the export ran on the logic thread instead (worker-host.js). */
  WORKER_FAILED: 'worker_failed',
};

/**
 * @typedef {{code: string, message: string}} CropperErrorDetail
 */

/**
 * An Error carrying a stable code.
 * @param {string} code
 * @param {string} message
 * @returns {Error & {code: string}}
 */
function cropperError(code, message) {
  var err = /** @type {Error & {code: string}} */ (new Error(message));
  err.code = code;
  return err;
}

/**
 * True for errors the core throws on purpose (a CropError: typed, the instance is fine) and for
 * the component's own coded errors. Anything else thrown by a wasm call is a trap.
 * @param {any} err
 */
function isCodedError(err) {
  return !!err && typeof err.code === 'string' && err.code.length > 0;
}

/**
 * The {code, message} of any thrown value or wx fail result.
 * @param {any} err
 * @param {string} [fallbackCode]
 * @returns {CropperErrorDetail}
 */
function toDetail(err, fallbackCode) {
  var code = isCodedError(err) ? err.code : (fallbackCode || CODES.WASM_TRAP);
  var message = '';
  if (err && typeof err.message === 'string') message = err.message;
  else if (err && typeof err.errMsg === 'string') message = err.errMsg;
  else if (err !== undefined) message = String(err);
  return { code: code, message: message };
}

/**
 * Attaches a no-op handler so a caller that uses the callback or the event and ignores the
 * Promise gets no "unhandled rejection"; awaiting it still rejects.
 * @template T
 * @param {Promise<T>} promise
 * @returns {Promise<T>}
 */
function quiet(promise) {
  promise.catch(function () { return undefined; });
  return promise;
}

module.exports = { CODES: CODES, cropperError: cropperError, isCodedError: isCodedError, toDetail: toDetail, quiet: quiet };
