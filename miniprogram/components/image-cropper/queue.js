// @ts-check
// A serial task queue: pushImg and getImg run one after the other in call order, so an export
// always uses the image and crop of its own moment and never another call's output.
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

module.exports = { createQueue: createQueue };
