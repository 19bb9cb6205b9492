// jest + miniprogram-simulate: the real component with the real wasm core (see setup.js).
'use strict';

const path = require('path');

module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/tests/component/**/*.test.js'],
  testEnvironment: '<rootDir>/tests/component/environment.js',
  setupFiles: ['<rootDir>/tests/component/setup.js'],
  // Generated copies of the component (pkg/, miniprogram_npm/) and build output are not sources.
  modulePathIgnorePatterns: ['<rootDir>/target/', '<rootDir>/pkg/', '<rootDir>/miniprogram/miniprogram_npm/'],
  testTimeout: 120000,
  // The machine is shared by several workers.
  maxWorkers: 2,
};
