// Camera-like photos for the end-to-end tests of the fit, made in the test instead of
// committed: Chromium's own encoders (OffscreenCanvas.convertToBlob) write them from a
// photo-like scene with sensor-like noise, so a 12 MP JPEG at quality 0.92 weighs what a
// phone camera's does (4–6 MB). An EXIF block (orientation, camera make and model, GPS)
// is spliced in after the SOI as a camera writes it. And a reader of what was sent: a
// JPEG's stored size (SOF) and its EXIF orientation, written here from the JPEG and TIFF
// specifications rather than taken from the library under test.

/**
 * Draws the scene in `page` and encodes it: `{ width, height }` pixels, `seed` for the
 * scene and its noise (the same seed gives the same file), `type` and `quality` for
 * convertToBlob. With `marker`, the stored top-left corner is a solid red square, so a
 * test can tell where that corner went after a rotation. Resolves to a Buffer.
 */
export async function drawPhoto(page, { width, height, seed, type = 'image/jpeg', quality = 0.92, marker = false }) {
  const base64 = await page.evaluate(
    async ({ width, height, seed, type, quality, marker, noise }) => {
      // xorshift32: a fixed sequence per seed, so the files are the same on every run.
      let state = seed >>> 0 || 1;
      const random = () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return (state >>> 0) / 4_294_967_296;
      };
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      const light = context.createLinearGradient(0, 0, width, height);
      light.addColorStop(0, '#9cc1e0');
      light.addColorStop(0.55, '#e4d8c4');
      light.addColorStop(1, '#5d4c3a');
      context.fillStyle = light;
      context.fillRect(0, 0, width, height);
      const unit = Math.min(width, height);
      for (let index = 0; index < 60; index += 1) {
        context.fillStyle = `hsl(${Math.floor(random() * 360)} ${20 + Math.floor(random() * 50)}% ${25 + Math.floor(random() * 50)}%)`;
        context.beginPath();
        context.arc(random() * width, random() * height, (0.02 + random() * 0.12) * unit, 0, 2 * Math.PI);
        context.fill();
      }
      // A card held in the middle, with lines of print: edges and text, as on a KTP.
      const cardWidth = 0.7 * unit;
      const cardHeight = cardWidth * (54 / 85.6);
      const left = (width - cardWidth) / 2;
      const top = (height - cardHeight) / 2;
      context.fillStyle = '#4a86c8';
      context.beginPath();
      context.roundRect(left, top, cardWidth, cardHeight, 0.04 * cardWidth);
      context.fill();
      context.fillStyle = '#10161f';
      context.font = `${Math.round(cardHeight / 14)}px sans-serif`;
      const lines = [
        'PROVINSI JAWA BARAT',
        'NIK : 3273015205900001',
        'Nama : SITI NURHALIZA',
        'Tempat/Tgl Lahir : BANDUNG, 12-05-1990',
        'Alamat : JL. MERDEKA NO. 10',
      ];
      lines.forEach((line, index) =>
        context.fillText(line, left + 0.06 * cardWidth, top + ((index + 1.5) * cardHeight) / 7),
      );
      if (marker) {
        context.fillStyle = 'rgb(230, 20, 20)';
        context.fillRect(0, 0, 0.15 * unit, 0.15 * unit);
      }
      // Sensor noise: luminance grain (triangular, the sum of two bytes) with a little
      // colour, from the four bytes of one draw per pixel.
      const image = context.getImageData(0, 0, width, height);
      const data = image.data;
      for (let at = 0; at < data.length; at += 4) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const grain = (((state & 0xff) + ((state >>> 8) & 0xff) - 255) / 255) * noise;
        const tint = ((((state >>> 16) & 0xff) - 127.5) / 255) * noise;
        data[at] += grain + tint;
        data[at + 1] += grain;
        data[at + 2] += grain - tint;
      }
      context.putImageData(image, 0, 0);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type, quality })).arrayBuffer());
      let binary = '';
      for (let at = 0; at < bytes.length; at += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
      }
      return btoa(binary);
    },
    { width, height, seed, type, quality, marker, noise: NOISE },
  );
  return Buffer.from(base64, 'base64');
}

/** The grain's amplitude, in 8-bit levels: what makes a 12 MP q92 JPEG weigh 4–6 MB. */
const NOISE = 24;

/**
 * An EXIF APP1 segment as a phone writes it: IFD0 with Make, Model and Orientation, and
 * a GPS IFD (latitude and longitude in Bandung). Big-endian TIFF.
 */
export function exifSegment({ orientation = 1, make = 'Contoh', model = 'Ponsel 12' } = {}) {
  const ascii = (value) => Buffer.from(`${value}\0`, 'latin1');
  const rationals = (values) => {
    const buffer = Buffer.alloc(values.length * 8);
    values.forEach(([numerator, denominator], index) => {
      buffer.writeUInt32BE(numerator, index * 8);
      buffer.writeUInt32BE(denominator, index * 8 + 4);
    });
    return buffer;
  };
  // [tag, type, count, value]: type 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL.
  const gps = [
    [0x0001, 2, 2, ascii('S')],
    [
      0x0002,
      5,
      3,
      rationals([
        [6, 1],
        [54, 1],
        [4321, 100],
      ]),
    ],
    [0x0003, 2, 2, ascii('E')],
    [
      0x0004,
      5,
      3,
      rationals([
        [107, 1],
        [36, 1],
        [3012, 100],
      ]),
    ],
  ];
  const ifd0 = (gpsOffset) => [
    [0x010f, 2, make.length + 1, ascii(make)],
    [0x0110, 2, model.length + 1, ascii(model)],
    [0x0112, 3, 1, orientation],
    [0x8825, 4, 1, gpsOffset],
  ];
  // Lays out one IFD at `offset` (from the TIFF header): entries, next-IFD 0, then the
  // values longer than four bytes.
  const layout = (entries, offset) => {
    const table = Buffer.alloc(2 + entries.length * 12 + 4);
    table.writeUInt16BE(entries.length, 0);
    const extra = [];
    let extraOffset = offset + table.length;
    entries.forEach(([tag, type, count, value], index) => {
      const at = 2 + index * 12;
      table.writeUInt16BE(tag, at);
      table.writeUInt16BE(type, at + 2);
      table.writeUInt32BE(count, at + 4);
      if (Buffer.isBuffer(value) && value.length > 4) {
        table.writeUInt32BE(extraOffset, at + 8);
        extra.push(value);
        extraOffset += value.length;
      } else if (Buffer.isBuffer(value)) {
        value.copy(table, at + 8);
      } else if (type === 3) {
        table.writeUInt16BE(value, at + 8);
      } else {
        table.writeUInt32BE(value, at + 8);
      }
    });
    return Buffer.concat([table, ...extra]);
  };
  const header = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08]);
  // IFD0's length does not depend on the GPS offset's value: lay it out once to measure.
  const first = layout(ifd0(0), 8);
  const tiff = Buffer.concat([header, layout(ifd0(8 + first.length), 8), layout(gps, 8 + first.length)]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([segment, payload]);
}

/** `jpeg` with `segment` spliced in right after its SOI, where a camera writes its EXIF. */
export function withSegment(jpeg, segment) {
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/**
 * Reads a JPEG's markers up to its first scan: `{ width, height }` from its first SOF
 * (the stored size), `orientation` from an EXIF APP1 (null without one), and `exif`,
 * whether it has an EXIF APP1 at all. Throws if `bytes` is not a JPEG.
 */
export function readJpeg(bytes) {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    throw new Error('not a JPEG (no SOI)');
  }
  const result = { width: null, height: null, orientation: null, exif: false };
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) {
      throw new Error(`no marker at byte ${at}`);
    }
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) {
      break;
    }
    const length = bytes.readUInt16BE(at + 2);
    const body = bytes.subarray(at + 4, at + 2 + length);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && result.width === null) {
      result.height = body.readUInt16BE(1);
      result.width = body.readUInt16BE(3);
    }
    if (marker === 0xe1 && body.subarray(0, 6).toString('latin1') === 'Exif\0\0') {
      result.exif = true;
      result.orientation = tiffOrientation(body.subarray(6));
    }
    at += 2 + length;
  }
  return result;
}

/** The Orientation (0x0112) of a TIFF's IFD0, or 1 when it has none. */
function tiffOrientation(tiff) {
  const little = tiff.subarray(0, 2).toString('latin1') === 'II';
  const u16 = (at) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  const count = u16(ifd);
  for (let index = 0; index < count; index += 1) {
    const entry = ifd + 2 + index * 12;
    if (u16(entry) === 0x0112) {
      return u16(entry + 8);
    }
  }
  return 1;
}
