// Grey SSIM for the fit rows, in plain JS on pixels Chromium decoded: independent of the
// Rust core's own SSIM (src/image/fit), and the same yardstick for every library's output.
//
// - Luma: Rec. 601 weights on the sRGB values (the grey SSIM of Wang et al. 2004).
// - The reference: the source scaled to the output's size by area averaging (each output
//   pixel the mean of the source area it covers, partial pixels weighted), which is neither
//   library's resampler, so it favours none.
// - SSIM: Wang, Bovik, Sheikh and Simoncelli, "Image quality assessment: from error
//   visibility to structural similarity" (IEEE TIP 13(4), 2004): an 11×11 Gaussian window
//   with σ = 1.5, K1 = 0.01, K2 = 0.03, L = 255, the mean of the map over the windows that
//   lie wholly inside the picture (MATLAB's filter2 'valid'), at the output's resolution.

/** Rec. 601 luma of RGBA pixels, as a Float32Array of width × height. */
export function luma(rgba, width, height) {
  const out = new Float32Array(width * height);
  for (let index = 0, pixel = 0; pixel < out.length; pixel += 1, index += 4) {
    out[pixel] = 0.299 * rgba[index] + 0.587 * rgba[index + 1] + 0.114 * rgba[index + 2];
  }
  return out;
}

/**
 * For each of `to` output positions, the source positions it covers and their weights
 * (their share of the output pixel's footprint), the weights of one output summing to 1.
 */
function areaWeights(from, to) {
  const scale = from / to;
  const taps = [];
  for (let output = 0; output < to; output += 1) {
    const start = output * scale;
    const end = start + scale;
    const first = Math.floor(start);
    const last = Math.min(from - 1, Math.ceil(end) - 1);
    const indices = [];
    const weights = [];
    for (let source = first; source <= last; source += 1) {
      const covered = Math.min(end, source + 1) - Math.max(start, source);
      if (covered > 0) {
        indices.push(source);
        weights.push(covered / scale);
      }
    }
    taps.push({ indices, weights });
  }
  return taps;
}

/** A luma plane scaled from width × height to toWidth × toHeight by area averaging. */
export function scaleArea(plane, width, height, toWidth, toHeight) {
  if (toWidth > width || toHeight > height) {
    throw new Error(`area averaging only reduces: ${width}×${height} → ${toWidth}×${toHeight}`);
  }
  const columns = areaWeights(width, toWidth);
  const rows = areaWeights(height, toHeight);
  const across = new Float32Array(toWidth * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < toWidth; x += 1) {
      const { indices, weights } = columns[x];
      let sum = 0;
      for (let tap = 0; tap < indices.length; tap += 1) {
        sum += plane[row + indices[tap]] * weights[tap];
      }
      across[y * toWidth + x] = sum;
    }
  }
  const out = new Float32Array(toWidth * toHeight);
  for (let y = 0; y < toHeight; y += 1) {
    const { indices, weights } = rows[y];
    for (let x = 0; x < toWidth; x += 1) {
      let sum = 0;
      for (let tap = 0; tap < indices.length; tap += 1) {
        sum += across[indices[tap] * toWidth + x] * weights[tap];
      }
      out[y * toWidth + x] = sum;
    }
  }
  return out;
}

const WINDOW = 11;
const SIGMA = 1.5;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

function gaussian() {
  const kernel = new Float64Array(WINDOW);
  const middle = (WINDOW - 1) / 2;
  let sum = 0;
  for (let tap = 0; tap < WINDOW; tap += 1) {
    kernel[tap] = Math.exp(-((tap - middle) ** 2) / (2 * SIGMA * SIGMA));
    sum += kernel[tap];
  }
  return kernel.map((weight) => weight / sum);
}

/**
 * The 'valid' separable convolution of a plane (or of the product of two planes, `q` given)
 * with the window. Stored in 32 bits, summed in 64.
 */
function blur(p, q, width, height, kernel) {
  const outWidth = width - WINDOW + 1;
  const outHeight = height - WINDOW + 1;
  const across = new Float32Array(outWidth * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < outWidth; x += 1) {
      let sum = 0;
      for (let tap = 0; tap < WINDOW; tap += 1) {
        const at = row + x + tap;
        sum += (q === null ? p[at] : p[at] * q[at]) * kernel[tap];
      }
      across[y * outWidth + x] = sum;
    }
  }
  const out = new Float32Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y += 1) {
    for (let x = 0; x < outWidth; x += 1) {
      let sum = 0;
      for (let tap = 0; tap < WINDOW; tap += 1) {
        sum += across[(y + tap) * outWidth + x] * kernel[tap];
      }
      out[y * outWidth + x] = sum;
    }
  }
  return out;
}

/** The mean SSIM of two luma planes of the same size (at least 11 × 11). */
export function ssim(a, b, width, height) {
  if (a.length !== width * height || b.length !== width * height) {
    throw new Error('ssim: the planes must both be width × height');
  }
  if (width < WINDOW || height < WINDOW) {
    throw new Error(`ssim: a picture of ${width}×${height} is smaller than the ${WINDOW}×${WINDOW} window`);
  }
  const kernel = gaussian();
  const meanA = blur(a, null, width, height, kernel);
  const meanB = blur(b, null, width, height, kernel);
  const meanAA = blur(a, a, width, height, kernel);
  const meanBB = blur(b, b, width, height, kernel);
  const meanAB = blur(a, b, width, height, kernel);
  let total = 0;
  for (let index = 0; index < meanA.length; index += 1) {
    const muA = meanA[index];
    const muB = meanB[index];
    const varA = meanAA[index] - muA * muA;
    const varB = meanBB[index] - muB * muB;
    const cov = meanAB[index] - muA * muB;
    total += ((2 * muA * muB + C1) * (2 * cov + C2)) / ((muA * muA + muB * muB + C1) * (varA + varB + C2));
  }
  return total / meanA.length;
}
