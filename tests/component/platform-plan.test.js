// platform-plan.js on its own: the region an export reads and its drawn scale, the crop map on
// the drawn raster, the orientation transforms and the format sniffing.
'use strict';

const plan = require('../../miniprogram/components/image-cropper/platform-plan.js');

const map = (over = {}) => Object.assign({ centerX: 600, centerY: 450, angle: 0, scale: 2 / 3, flipX: false, flipY: false, outWidth: 600, outHeight: 600 }, over);

describe('planRegion', () => {
  test('the default crop of a 1200×900 image: the box plus a margin, drawn 1:1 (2 drawn px per output px would be more than the source has)', () => {
    const p = plan.planRegion(map(), 1200, 900);
    expect([p.x0, p.y0, p.width, p.height, p.scale]).toEqual([146, 0, 908, 900, 1]);
    expect([p.canvasWidth, p.canvasHeight]).toEqual([908, 900]);
    expect(p.map).toMatchObject({ centerX: 454, centerY: 450, scale: 2 / 3 });
  });

  test('a big shrink is drawn at twice the output resolution, and the map follows', () => {
    const p = plan.planRegion(map({ centerX: 4000, centerY: 3000, scale: 0.1 }), 8000, 6000);
    expect(p.scale).toBeCloseTo(0.2, 10);
    // Output corner (0, 0) is the same image point before and after.
    const src = plan.outputToSource(map({ centerX: 4000, centerY: 3000, scale: 0.1 }), 0, 0);
    const drawn = plan.outputToSource(p.map, 0, 0);
    expect(drawn.x / p.scale + p.x0).toBeCloseTo(src.x, 9);
    expect(drawn.y / p.scale + p.y0).toBeCloseTo(src.y, 9);
  });

  test('never a canvas side over 4096 px, whatever the crop', () => {
    for (const [w, h, scale] of [[20000, 300, 1], [300, 20000, 1], [16000, 12000, 0.5], [65535, 65535, 1]]) {
      const p = plan.planRegion(map({ centerX: w / 2, centerY: h / 2, scale, outWidth: 4000, outHeight: 4000 }), w, h);
      expect(p.canvasWidth).toBeLessThanOrEqual(plan.MAX_SIDE);
      expect(p.canvasHeight).toBeLessThanOrEqual(plan.MAX_SIDE);
      expect(p.width * p.scale).toBeLessThanOrEqual(plan.MAX_SIDE);
    }
  });

  test('a turned crop reads the bounding box of its corners; a crop beside the image reads nothing', () => {
    const p = plan.planRegion(map({ angle: 45 }), 1200, 900);
    expect(p.x0).toBeLessThan(146);
    expect(plan.planRegion(map({ centerX: 5000 }), 1200, 900)).toBe(null);
  });
});

describe('frameOf and drawing', () => {
  const info = (orientation) => ({ width: 900, height: 1200, orientation });

  test('the Image\'s size tells whether the canvas turned a 90° orientation', () => {
    expect(plan.frameOf(1200, 900, info('right'), null)).toMatchObject({ width: 1200, height: 900, apply: 1 });
    expect(plan.frameOf(900, 1200, info('right'), null)).toMatchObject({ width: 1200, height: 900, apply: 6 });
    // 180°: the size cannot tell; the calibration does.
    expect(plan.frameOf(900, 1200, info('down'), null)).toBe(null);
    expect(plan.frameOf(900, 1200, info('down'), false)).toMatchObject({ width: 900, height: 1200, apply: 3 });
    expect(plan.frameOf(900, 1200, info('down'), true)).toMatchObject({ apply: 1 });
    expect(plan.frameOf(900, 1200, null, null)).toMatchObject({ width: 900, height: 1200, apply: 1 });
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i: the stored rectangle drawn lands on the region', (o) => {
    const stored = { w: 900, h: 1200 };
    const frame = { width: o >= 5 ? 1200 : 900, height: o >= 5 ? 900 : 1200, apply: o, storedWidth: stored.w, storedHeight: stored.h };
    const p = { x0: 100, y0: 50, width: 300, height: 200, scale: 0.5 };
    const d = plan.drawing(p, frame);
    const t = d.transform;
    const apply = (x, y) => [t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]];
    const corners = [[d.sx, d.sy], [d.sx + d.sw, d.sy + d.sh]].map(([x, y]) => apply(x, y));
    const xs = corners.map((c) => c[0]).sort((a, b) => a - b);
    const ys = corners.map((c) => c[1]).sort((a, b) => a - b);
    expect(xs).toEqual([0, 150]);
    expect(ys).toEqual([0, 100]);
    expect(d.sx).toBeGreaterThanOrEqual(0);
    expect(d.sy).toBeGreaterThanOrEqual(0);
    expect(d.sx + d.sw).toBeLessThanOrEqual(stored.w);
    expect(d.sy + d.sh).toBeLessThanOrEqual(stored.h);
  });
});

test('sniffFormat', () => {
  const buf = (bytes) => Uint8Array.from(bytes.concat(new Array(16).fill(0))).buffer;
  const ascii = (s) => Array.from(Buffer.from(s, 'latin1'));
  expect(plan.sniffFormat(buf(ascii('RIFF\0\0\0\0WEBPVP8 ')))).toBe('webp');
  expect(plan.sniffFormat(buf(ascii('II*\0')))).toBe('tiff');
  expect(plan.sniffFormat(buf(ascii('MM\0*')))).toBe('tiff');
  expect(plan.sniffFormat(buf([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
  expect(plan.sniffFormat(buf(ascii('\0\0\0\x18ftypheic')))).toBe('heic');
  expect(plan.sniffFormat(buf(ascii('\0\0\0\x1cftypavif')))).toBe('avif');
  expect(plan.sniffFormat(buf(ascii('hello world!')))).toBe('unknown');
  expect(plan.sniffFormat(new ArrayBuffer(3))).toBe('unknown');
});
