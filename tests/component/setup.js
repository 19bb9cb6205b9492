// Runs before each test file (jest setupFiles): installs the wx mock (with the canvas mock) and
// WXWebAssembly, then miniprogram-simulate (which merges its own wx stubs under ours).
'use strict';

const { createWxMock } = require('./wx-mock.js');
const { installCanvasMock } = require('./canvas-mock.js');

const { mock, wx, WXWebAssembly } = createWxMock();
// The platform's own decoding (offscreen canvas, getImageInfo), used by the platform fallback.
installCanvasMock(mock, wx);
global.wx = wx;
global.WXWebAssembly = WXWebAssembly;
global.__wxMock = mock;

// Loaded after global.wx so simulate keeps our functions (Object.assign(api, global.wx)).
require('miniprogram-simulate');
// simulate's api object replaced global.wx: keep our env (USER_DATA_PATH).
global.wx.env = wx.env;

// The temp folder goes when the test file's worker exits.
process.on('exit', () => mock.cleanup());
