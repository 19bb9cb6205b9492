// The message envelope between the component (worker-host.js) and the worker module
// (worker.js): every message of ours is {__imageCropper: body}, so an app's own messages on the
// same Worker pass by untouched. Copied by build.sh into the component's core/ and core/worker/.
'use strict';

var KEY = '__imageCropper';

/**
 * Our part of a message, or null. WeChat hands a listener the posted object; the typings
 * describe it under `message`: both are read.
 * @param {any} res
 */
function ours(res) {
  if (!res || typeof res !== 'object') return null;
  if (res[KEY] && typeof res[KEY] === 'object') return res[KEY];
  var inner = res.message;
  if (inner && typeof inner === 'object' && inner[KEY] && typeof inner[KEY] === 'object') return inner[KEY];
  return null;
}

/**
 * The message that carries `body`.
 * @param {Record<string, any>} body
 */
function envelope(body) {
  /** @type {Record<string, any>} */
  var msg = {};
  msg[KEY] = body;
  return msg;
}

module.exports = { KEY: KEY, ours: ours, envelope: envelope };
