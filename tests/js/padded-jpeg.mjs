// A JPEG grown to an exact size for the request tests: the photo's bytes stay small to
// decode, and its size is whatever the test needs.

/**
 * `jpeg` padded to exactly `length` bytes with APP15 segments (filled with `fill`) after
 * its SOI. Throws when `jpeg` is already longer, or the gap is too small for a segment.
 */
export function paddedJpeg(jpeg, length, fill = 0) {
  let missing = length - jpeg.length;
  if (missing !== 0 && missing < 4) {
    throw new RangeError(`cannot pad ${jpeg.length} bytes to ${length}`);
  }
  const bytes = new Uint8Array(length);
  bytes.set(jpeg.subarray(0, 2));
  let at = 2;
  while (missing > 0) {
    const data = Math.min(missing - 4, 65_533);
    bytes.set([0xff, 0xef, (data + 2) >> 8, (data + 2) & 0xff], at);
    bytes.fill(fill, at + 4, at + 4 + data);
    at += data + 4;
    missing -= data + 4;
  }
  bytes.set(jpeg.subarray(2), at);
  return bytes;
}
