// Runs the image manifests (CSV) through the package's checkImage and says what differs.
// Shared by the browser page (tests/browser/images.js) and anything in Node that wants the
// same comparisons: it imports nothing, and takes checkImage and the files' bytes as
// arguments. Two manifests, each with the comparisons of its own harness:
//
// - PngSuite, ../shared/corpus/pngsuite/manifest.csv, the same verdicts as
//   tests/pngsuite.rs: `accept_format` files are accepted with the manifest's stored and
//   displayed size and decoded for quality; `reject_corrupt` files get exactly
//   `image.corrupt` (or `image.format_unsupported` when the note says `alt=reject_format`).
// - The project's corpus, tests/images/manifest.csv: `accept` files are accepted with
//   their size and orientation; `reject` files get exactly the manifest's `code` (with the
//   size, where the manifest gives one, and the SVG `reason` its note names).

/**
 * Parses CSV as Python's csv module writes it (RFC 4180: quoted fields, `""` for a quote,
 * CRLF or LF line ends) into one object per row, keyed by the header's names.
 */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') {
        index += 1;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...records] = rows.filter((cells) => !(cells.length === 1 && cells[0] === ''));
  if (header === undefined) {
    return [];
  }
  return records.map((cells, index) => {
    if (cells.length !== header.length) {
      throw new Error(`manifest row ${index + 2} has ${cells.length} fields, the header ${header.length}`);
    }
    return Object.fromEntries(header.map((name, column) => [name, cells[column]]));
  });
}

/** The codes of a result's errors (warnings, such as quality findings, do not count). */
function errorCodes(checked) {
  return checked.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code);
}

function sameCodes(actual, expected) {
  return actual.length === expected.length && actual.every((code, index) => code === expected[index]);
}

/** `"640x480 shown 640x480"`, for messages. */
function sizeOf(image) {
  return image === null || image === undefined
    ? 'no image'
    : `${image.width}x${image.height} shown ${image.displayWidth}x${image.displayHeight}`;
}

/** The size columns of a manifest row as numbers, or null when the row gives none. */
function expectedSize(row) {
  if (row.width === '' || row.width === undefined) {
    return null;
  }
  return {
    width: Number(row.width),
    height: Number(row.height),
    displayWidth: Number(row.display_width),
    displayHeight: Number(row.display_height),
  };
}

function sizeFailures(image, size) {
  if (image === null || image === undefined) {
    return [`expected ${size.width}x${size.height} shown ${size.displayWidth}x${size.displayHeight}, got no image`];
  }
  const differs = Object.keys(size).some((key) => image[key] !== size[key]);
  return differs
    ? [
        `expected ${size.width}x${size.height} shown ${size.displayWidth}x${size.displayHeight}, got ${sizeOf(image)}`,
      ]
    : [];
}

/** The checks of each manifest: its rule, and the failures of one row's result. */
export const IMAGE_SUITES = {
  pngsuite: {
    title: 'PngSuite (../shared/corpus/pngsuite/manifest.csv)',
    rule: { quality: true },
    /** The manifest's own counts, as tests/pngsuite.rs asserts them. */
    expectedVerdicts: { accept_format: 161, reject_corrupt: 14 },
    verdict: (row) => row.expected,
    failures(row, checked, bytes) {
      const failures = [];
      if (row.bytes !== undefined && Number(row.bytes) !== bytes.length) {
        failures.push(`the manifest says ${row.bytes} bytes, the server sent ${bytes.length}`);
      }
      const codes = errorCodes(checked);
      switch (row.expected) {
        case 'accept_format':
          if (!checked.ok) {
            failures.push(`expected accepted, got ${JSON.stringify(codes)}`);
          }
          failures.push(...sizeFailures(checked.image, expectedSize(row)));
          if (checked.ok && (checked.image?.quality ?? null) === null) {
            failures.push('accepted but not decoded for quality (image.quality is null)');
          }
          break;
        case 'reject_corrupt': {
          const formatAllowed = row.note.includes('alt=reject_format');
          if (
            !sameCodes(codes, ['image.corrupt']) &&
            !(formatAllowed && sameCodes(codes, ['image.format_unsupported']))
          ) {
            const wanted = formatAllowed ? '["image.corrupt"] or ["image.format_unsupported"]' : '["image.corrupt"]';
            failures.push(`expected ${wanted}, got ${JSON.stringify(codes)}`);
          }
          break;
        }
        default:
          failures.push(`unknown verdict ${JSON.stringify(row.expected)}`);
      }
      return failures;
    },
  },
  corpus: {
    title: 'project corpus (tests/images/manifest.csv)',
    // The default explicit rule: JPEG, PNG and SVG, no bounds, no quality.
    rule: {},
    expectedVerdicts: null,
    verdict: (row) => row.expected,
    failures(row, checked) {
      const failures = [];
      const codes = errorCodes(checked);
      const size = expectedSize(row);
      switch (row.expected) {
        case 'accept':
          if (!checked.ok) {
            failures.push(`expected accepted, got ${JSON.stringify(codes)}`);
          }
          if (size !== null) {
            failures.push(...sizeFailures(checked.image, size));
          }
          break;
        case 'reject': {
          if (!sameCodes(codes, [row.code])) {
            failures.push(`expected ${JSON.stringify([row.code])}, got ${JSON.stringify(codes)}`);
          }
          if (size !== null) {
            failures.push(...sizeFailures(checked.image, size));
          }
          // The SVG notes start with the reason the issue must carry: `reason=dtd; …`.
          const reason = /(?:^|;\s*)reason=([a-z_]+)/.exec(row.note ?? '')?.[1];
          if (reason !== undefined) {
            const issue = checked.issues.find((candidate) => candidate.code === row.code);
            if (issue?.params?.reason !== reason) {
              failures.push(`expected reason ${JSON.stringify(reason)}, got ${JSON.stringify(issue?.params?.reason)}`);
            }
          }
          break;
        }
        default:
          failures.push(`unknown verdict ${JSON.stringify(row.expected)}`);
      }
      if (row.orientation !== '' && row.orientation !== undefined && checked.image) {
        if (checked.image.orientation !== Number(row.orientation)) {
          failures.push(`expected orientation ${row.orientation}, got ${checked.image.orientation}`);
        }
      }
      return failures;
    },
  },
};

/**
 * Checks one file of a suite. Returns the failures (empty when the result matches the
 * manifest); an exception thrown by checkImage is a failure too, since no file may make
 * it throw.
 */
export function imageCaseFailures(checkImage, suite, row, bytes) {
  let checked;
  try {
    checked = checkImage(bytes, suite.rule);
  } catch (error) {
    return [`checkImage threw ${error?.name}: ${error?.message}`];
  }
  return suite.failures(row, checked, bytes);
}

/** A failure when the manifest's verdict counts are not the ones the suite expects. */
export function verdictCountFailures(suite, rows) {
  if (suite.expectedVerdicts === null) {
    return [];
  }
  const counts = {};
  for (const row of rows) {
    const verdict = suite.verdict(row);
    counts[verdict] = (counts[verdict] ?? 0) + 1;
  }
  const expected = JSON.stringify(suite.expectedVerdicts);
  const known = Object.keys(suite.expectedVerdicts);
  const actual = JSON.stringify(Object.fromEntries(known.map((key) => [key, counts[key] ?? 0])));
  return actual === expected && Object.keys(counts).every((key) => known.includes(key))
    ? []
    : [`the manifest has ${JSON.stringify(counts)}, expected ${expected}`];
}
