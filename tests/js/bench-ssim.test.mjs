// bench/ssim.js, the yardstick of the benchmark's fit rows: its SSIM must be Wang et al.'s,
// as an independent implementation computes it, and its area averaging must keep what an
// exact block mean keeps.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { luma, scaleArea, ssim } from '../../bench/ssim.js';

/** The same deterministic planes as the Python below, 97 × 61 (odd, so no side divides). */
function planes() {
  const width = 97;
  const height = 61;
  const a = new Float32Array(width * height);
  const b = new Float32Array(width * height);
  const c = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const value = 128 + 60 * Math.sin(x / 7) * Math.cos(y / 5);
      a[y * width + x] = value;
      b[y * width + x] = value + (((x * 7919 + y * 104729) % 23) - 11) + ((0.5 * x) % 9);
      c[y * width + x] = Math.min(255, Math.max(0, value * 0.8 + 20));
    }
  }
  return { width, height, a, b, c };
}

test('SSIM agrees with scikit-image 0.26 structural_similarity (Gaussian σ 1.5, population covariance)', () => {
  // Computed with scikit-image 0.26.0 and numpy 2.4.6 on the same planes:
  //   y, x = np.mgrid[0:61, 0:97].astype(np.float64)
  //   a = 128 + 60 * np.sin(x / 7) * np.cos(y / 5)
  //   b = a + ((x * 7919 + y * 104729) % 23 - 11) + 0.5 * x % 9
  //   c = np.clip(a * 0.8 + 20, 0, 255)
  //   structural_similarity(a, b, gaussian_weights=True, sigma=1.5,
  //                         use_sample_covariance=False, data_range=255)
  const { width, height, a, b, c } = planes();
  assert.ok(Math.abs(ssim(a, b, width, height) - 0.8393272056726705) < 1e-6);
  assert.ok(Math.abs(ssim(a, c, width, height) - 0.9810175390050195) < 1e-6);
  assert.equal(ssim(a, a, width, height), 1);
});

test('SSIM refuses planes of the wrong size or smaller than its window', () => {
  const { width, height, a, b } = planes();
  assert.throws(() => ssim(a, b.subarray(1), width, height), /width × height/);
  assert.throws(() => ssim(new Float32Array(100), new Float32Array(100), 10, 10), /smaller than the 11×11 window/);
});

test('area averaging: an integer factor is the block mean, any factor keeps the mean', () => {
  const { width, height, b } = planes();
  // 96 × 60 of the plane, reduced 4× to 24 × 15.
  const crop = new Float32Array(96 * 60);
  for (let y = 0; y < 60; y += 1) {
    crop.set(b.subarray(y * width, y * width + 96), y * 96);
  }
  const reduced = scaleArea(crop, 96, 60, 24, 15);
  let block = 0;
  for (let y = 0; y < 4; y += 1) {
    for (let x = 0; x < 4; x += 1) {
      block += crop[(8 + y) * 96 + 20 + x];
    }
  }
  assert.ok(Math.abs(reduced[2 * 24 + 5] - block / 16) < 1e-4);

  const mean = (plane) => plane.reduce((sum, value) => sum + value, 0) / plane.length;
  const odd = scaleArea(b, width, height, 40, 23);
  assert.ok(Math.abs(mean(odd) - mean(b)) < 1e-3);
  assert.deepEqual(scaleArea(b, width, height, width, height), b);
  assert.throws(() => scaleArea(b, width, height, width + 1, height), /only reduces/);
});

test('luma is Rec. 601 on RGBA', () => {
  const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 255, 7, 10, 20, 30, 255]);
  const plane = luma(rgba, 2, 2);
  const expected = [0.299 * 255, 0.587 * 255, 0.114 * 255, 0.299 * 10 + 0.587 * 20 + 0.114 * 30];
  plane.forEach((value, index) => assert.ok(Math.abs(value - expected[index]) < 1e-4));
});
