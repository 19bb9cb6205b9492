// No unhandled rejections: pages written for the original call getImg(callback), upload() and
// pushImg(src) and ignore what they return. A failure is an `error` event; getImg with a
// callback resolves to null (the callback is not called, as the original); without a callback
// the Promises reject with the typed error for whoever awaits them, and a caller that ignores
// them leaves no unhandled rejection (checked on the real process, see environment.js).
'use strict';

/* global __onUnhandledRejection */ // environment.js

const { mount, settle, mock, gradientPhoto } = require('./harness.js');

/** Listens to the real process's unhandledRejection while `fn` runs and everything settles. */
async function unhandledDuring(fn) {
  const seen = [];
  const stop = __onUnhandledRejection((reason) => seen.push(reason));
  try {
    await fn();
    await settle();
  } finally {
    stop();
  }
  return seen;
}

let photo;
beforeAll(async () => {
  photo = await gradientPhoto(600, 400, 'png');
});

test('getImg(callback) failing: the error event, no callback, the Promise resolves to null', async () => {
  const h = await mount().ready();
  const callback = jest.fn();
  let returned;
  const unhandled = await unhandledDuring(() => { returned = h.instance.getImg(callback); });
  expect(unhandled).toEqual([]);
  await expect(returned).resolves.toBeNull();
  expect(callback).not.toHaveBeenCalled();
  expect(h.of('error').map((e) => e.code)).toEqual(['no_image']);
});

test('getImg(callback) failing after the crop was taken (the source file gone, no room to write)', async () => {
  const path = mock.addTempFile(photo.bytes, 'png');
  const h = await mount({ imgSrc: path }).ready();
  await h.waitEvent('imageload');
  const callback = jest.fn();
  const results = [];
  const unhandled = await unhandledDuring(async () => {
    mock.quotaBytes = mock.usedBytes();
    results.push(h.instance.getImg(callback));
    await settle();
    mock.quotaBytes = null;
    require('fs').unlinkSync(mock.realPath(path));
    results.push(h.instance.getImg(callback));
  });
  expect(unhandled).toEqual([]);
  expect(await Promise.all(results)).toEqual([null, null]);
  expect(callback).not.toHaveBeenCalled();
  expect(h.of('error').map((e) => e.code)).toEqual(['write_failed', 'read_failed']);
});

test('without a callback the Promises reject with the typed error; ignored, they leave no unhandled rejection', async () => {
  const h = await mount().ready();
  mock.choose = { errMsg: 'chooseMedia:fail system error', errno: 1 };
  try {
    // ignored
    const unhandled = await unhandledDuring(() => {
      h.instance.getImg();
      h.instance.pushImg('/images/no-such-file.jpg');
      h.instance.pushImg('');
      h.instance.upload();
    });
    expect(unhandled).toEqual([]);
    expect(h.of('error').map((e) => e.code).sort()).toEqual(['choose_failed', 'invalid_option', 'no_image', 'read_failed']);
    // awaited
    const codes = await Promise.all([
      h.instance.getImg(),
      h.instance.pushImg('/images/no-such-file.jpg'),
      h.instance.upload(),
    ].map((p) => p.then(() => 'resolved', (e) => e.code)));
    expect(codes).toEqual(['no_image', 'read_failed', 'choose_failed']);
  } finally {
    mock.choose = null;
  }
});

test('the original demo\'s pattern, getImg(cb) on a bad image, many times: no unhandled rejection', async () => {
  const h = await mount({ imgSrc: mock.addTempFile(Buffer.from('not an image'), 'jpg') }).ready();
  const callback = jest.fn();
  const unhandled = await unhandledDuring(() => {
    for (let i = 0; i < 5; i++) h.instance.getImg(callback);
  });
  expect(unhandled).toEqual([]);
  expect(callback).not.toHaveBeenCalled();
  const codes = h.of('error').map((e) => e.code);
  expect(codes).toEqual(['unsupported_format', 'no_image', 'no_image', 'no_image', 'no_image', 'no_image']);
});
