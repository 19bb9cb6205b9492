// @ts-check
// Listening to the app's Worker beside the app: one listener per event (onMessage, onError,
// onProcessKilled) keeps what is ours and passes everything else to the listeners the app
// registers. WeChat does not say whether a Worker keeps one listener per event or several; where
// it keeps one, the app's own registration after ours would replace ours, so the worker's
// on… methods are replaced by ones that add to the app's list instead. terminate() is wrapped
// so the component stops posting to a worker the app ended.
'use strict';

/**
 * @typedef {{message: (res: any) => boolean, error: (res: any) => void,
 *            processKilled: (res: any) => void, terminate: () => void}} Handlers
 *   message returns true for our own messages (not passed on)
 */

/** Workers already taken over (a worker handed over twice is listened to once). */
var hooked = new WeakMap();

/**
 * @param {any} worker
 * @param {string} method onMessage | onError | onProcessKilled
 * @param {(res: any) => boolean} mine true when the event was ours alone
 */
function listen(worker, method, mine) {
  var register = worker[method];
  // onError and onProcessKilled are missing on old base libraries.
  if (typeof register !== 'function') return;
  /** @type {Function[]} */
  var appListeners = [];
  register.call(worker, function (/** @type {any} */ res) {
    if (mine(res)) return;
    appListeners.slice().forEach(function (fn) {
      try {
        fn(res);
      } catch (e) {
        // The app's own listener failed: its bug, not a worker failure.
        console.error(e);
      }
    });
  });
  try {
    worker[method] = function (/** @type {any} */ listener) {
      if (typeof listener === 'function') appListeners.push(listener);
    };
  } catch (e) {
    // A frozen worker object: the app's registrations then go to the platform directly.
  }
}

/**
 * @param {any} worker
 * @param {Handlers} handlers
 */
function takeOver(worker, handlers) {
  if (hooked.has(worker)) return;
  hooked.set(worker, true);
  listen(worker, 'onMessage', handlers.message);
  listen(worker, 'onError', function (res) {
    handlers.error(res);
    return false;
  });
  listen(worker, 'onProcessKilled', function (res) {
    handlers.processKilled(res);
    return false;
  });
  var terminate = worker.terminate;
  if (typeof terminate !== 'function') return;
  try {
    worker.terminate = function () {
      handlers.terminate();
      return terminate.apply(worker, arguments);
    };
  } catch (e) {
    // A frozen worker object: a terminated worker then shows as one that does not answer.
  }
}

module.exports = { takeOver: takeOver };
