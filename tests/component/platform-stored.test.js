// The platform fallback on a platform whose canvas draws a file's stored pixels, EXIF
// orientation not applied (older iOS and Android WebViews drew them so): the component turns
// them itself, by the Image's size where the orientation swaps the sides and by its one-time
// calibration JPEG otherwise, so every export is upright and nothing is turned twice.
'use strict';

const sharp = require('sharp');
const { mount, mock } = require('./harness.js');
const { photoLike } = require('../fixtures/platform/photo.js');
const { reference, psnr, exportOf } = require('./platform-helpers.js');

mock.canvas.orientsExif = false;

async function tiff(width, height, orientation) {
  return sharp(photoLike(width, height), { raw: { width, height, channels: 3 } }).tiff().withMetadata({ orientation }).toBuffer();
}

async function load(bytes) {
  const h = await mount({ imgSrc: mock.addTempFile(bytes, 'tiff') }).ready();
  await h.waitEvent('imageload');
  return h;
}

const calibrationDraws = () => mock.canvas.log.filter((e) => e.canvas && e.width === 1).length;

test.each([
  [6, 'right', 900, 1200],
  [8, 'left', 900, 1200],
  [5, 'left-mirrored', 900, 1200],
  [7, 'right-mirrored', 900, 1200],
])('orientation %i (%s), told by the Image\'s size: upright imageload and export', async (orientation, name, w, h0) => {
  const bytes = await tiff(w, h0, orientation);
  const h = await load(bytes);
  expect(h.of('imageload')[0]).toMatchObject({ width: 1200, height: 900, orientation: name });
  const ref = await reference(bytes, { left: 150, top: 0, width: 900, height: 900 }, 600, 600);
  expect(await psnr(await exportOf(await h.instance.getImg()), ref)).toBeGreaterThan(35);
});

test.each([
  [3, 'down'],
  [2, 'up-mirrored'],
  [4, 'down-mirrored'],
])('orientation %i (%s), told by the calibration JPEG: upright export', async (orientation, name) => {
  const bytes = await tiff(1200, 900, orientation);
  const h = await load(bytes);
  expect(h.of('imageload')[0]).toMatchObject({ width: 1200, height: 900, orientation: name });
  const ref = await reference(bytes, { left: 150, top: 0, width: 900, height: 900 }, 600, 600);
  expect(await psnr(await exportOf(await h.instance.getImg()), ref)).toBeGreaterThan(35);
});

test('the calibration JPEG is drawn once per app, and a rotated crop of a turned file is right too', async () => {
  expect(calibrationDraws()).toBeGreaterThan(0);
  const before = mock.canvas.decodes;
  const bytes = await tiff(900, 1200, 6);
  const h = await load(bytes);
  h.instance.setAngle(90);
  const crop = h.instance.getCropData();
  const ref = await reference(bytes, { left: Math.round(crop.x), top: Math.round(crop.y), width: Math.round(crop.width), height: Math.round(crop.height) }, 600, 600, 90);
  expect(await psnr(await exportOf(await h.instance.getImg()), ref)).toBeGreaterThan(35);
  // The file at load and at export; no calibration again.
  expect(mock.canvas.decodes - before).toBe(2);
});
