// The init() of the package's Node entries (node.js, fields-node.js): Node 20's fetch()
// refuses file: URLs, so a module beside the package, or at a file: URL, is read with
// node:fs instead of fetched. Not an export of the package.

import { readFile } from 'node:fs/promises';

/**
 * An init(input) that hands `initWeb` (a browser entry's init) the bytes of `wasmUrl`
 * when called with no argument, the bytes of a `file:` URL's file, and anything else as
 * it is.
 */
export function fromDisk(initWeb, wasmUrl) {
  let defaultLoad;
  return async function init(input) {
    if (input === undefined || input === null) {
      // Remembered so that calling init() on every request reads the file only once; a
      // failed load is forgotten so that the next call tries again.
      if (defaultLoad === undefined) {
        defaultLoad = readFile(wasmUrl).then(initWeb);
        defaultLoad.catch(() => {
          defaultLoad = undefined;
        });
      }
      return defaultLoad;
    }
    if (input instanceof URL && input.protocol === 'file:') {
      return initWeb(await readFile(input));
    }
    return initWeb(input);
  };
}
