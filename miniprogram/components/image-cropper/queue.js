// @ts-check
// Call ordering. pushImg and getImg run one after the other in a serial queue, so an export
// always uses the image and crop of its own moment and never another call's output. Engine
// methods run at once when nothing is waiting, else in call order behind what is (before
// `load`, or behind a pushImg still loading: `pushImg(src)` then `setCropData(saved)` applies
// the crop to the new image).
'use strict';

/**
 * @returns {{run: <T>(task: () => Promise<T> | T) => Promise<T>, size: () => number}}
 */
function createQueue() {
  /** @type {Promise<any>} */
  var tail = Promise.resolve();
  var pending = 0;
  return {
    run: function (task) {
      pending++;
      var result = tail.then(function () { return task(); });
      var done = function () { pending--; };
      // The chain continues whatever this task's outcome.
      tail = result.then(done, done);
      return result;
    },
    size: function () { return pending; },
  };
}

/** @typedef {import('./index.js').Controller} Controller */

/** @param {Controller} c */
function init(c) {
  c.queue = createQueue();
  /** Queued pushImg / getImg / method calls that have not yet taken their state: while any
   *  is waiting, later calls queue behind it so everything applies in call order. */
  c.waiting = 0;
}

var methods = {
  /**
   * Runs `task` in the serial queue, counted in `waiting` until it calls `release` (once it has
   * taken its state) or ends.
   * @this {Controller}
   * @template T
   * @param {(release: () => void) => Promise<T> | T} task
   * @returns {Promise<T>}
   */
  ordered: function (task) {
    var self = this;
    var released = false;
    var release = function () {
      if (released) return;
      released = true;
      self.waiting--;
    };
    this.waiting++;
    var result = this.queue.run(function () { return task(release); });
    result.then(release, release);
    return result;
  },

  /**
   * Runs an engine method now if the engine is live and nothing waits, else once it is, in
   * call order. Each one updates the view and emits `change`; a failure is an `error` event.
   * @this {Controller}
   * @param {(cropper: any) => any} fn
   */
  engineMethod: function (fn) {
    var self = this;
    var run = function () {
      try {
        var render = self.call(function (c) { return fn(c); });
        self.applyRender(render);
        self.emitChange();
        self.scheduleDim();
      } catch (e) {
        self.emitError(e);
      }
    };
    if (this.isLive() && this.waiting === 0) {
      run();
      return;
    }
    this.ordered(function (release) {
      return self.ensureEngine().then(function () {
        release();
        run();
      }, function (err) { self.emitError(err); });
    });
  },
};

module.exports = { createQueue: createQueue, init: init, methods: methods };
