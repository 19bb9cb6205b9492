// jsdom with one addition: a test can listen to the real process's `unhandledRejection` (the
// test's own `process` is a copy whose listeners Node never calls), to prove that a call whose
// Promise the page ignores leaves none behind.
'use strict';

const { TestEnvironment } = require('jest-environment-jsdom');

class ComponentEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__onUnhandledRejection = (listener) => {
      process.on('unhandledRejection', listener);
      return () => process.removeListener('unhandledRejection', listener);
    };
  }
}

module.exports = ComponentEnvironment;
