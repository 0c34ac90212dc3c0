import { open } from 'node:fs/promises';

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const ONE = 49;
const BOM_FIRST_BYTE = 0xef;

/**
 * Byte offsets that cut a log into pieces of about `pieceBytes` where no session can span the cut:
 * each cut is right after a line that ends in `SEPARATOR1`. Such a line is either a good page with
 * terminal = 1 (which closes its session) or a rejected line (which breaks the session), so the first
 * good page after the cut starts a new session in the single-thread run too. In the page-level
 * fallback every page is its own session, so these cuts hold there as well. Returns
 * `[0, cut1, …, sizeBytes]`; a file without such a line is one piece.
 *
 * A cut never lands before a byte-order-mark byte: the parser strips a BOM only at the start of what
 * it reads, and a mid-file line opening with one must stay a bad line, as in one pass.
 *
 * @example
 * const cuts = await findSessionCuts('log.txt', { separator: ';', pieceBytes: 8e6 }); // [0, 8000123, …]
 */
export async function findSessionCuts(
  path: string,
  options: { separator: string; pieceBytes: number },
): Promise<number[]> {
  const handle = await open(path, 'r');
  try {
    const sizeBytes = (await handle.stat()).size;
    const separator = options.separator.charCodeAt(0);
    const cuts = [0];
    const window = Buffer.allocUnsafe(256 * 1024);
    let target = options.pieceBytes;
    while (target < sizeBytes) {
      const cut = await nextCut(handle, window, target, sizeBytes, separator);
      if (cut >= sizeBytes) break;
      cuts.push(cut);
      target = cut + options.pieceBytes;
    }
    cuts.push(sizeBytes);
    return cuts;
  } finally {
    await handle.close();
  }
}

/** The first offset > `from` that starts a line whose previous line ends in `SEPARATOR1` (or `SEPARATOR1\r`). */
async function nextCut(
  handle: Awaited<ReturnType<typeof open>>,
  window: Buffer,
  from: number,
  sizeBytes: number,
  separator: number,
): Promise<number> {
  // The last three bytes before the current one (b1 the nearest), carried across reads.
  let b1 = -1;
  let b2 = -1;
  let b3 = -1;
  let position = Math.max(0, from - 3);
  while (position < sizeBytes) {
    const { bytesRead } = await handle.read(window, 0, window.length, position);
    if (bytesRead === 0) break;
    for (let i = 0; i < bytesRead; i++) {
      const byte = window[i];
      if (byte === NEWLINE && position + i >= from) {
        const endsWithSeparatorOne =
          (b1 === ONE && b2 === separator) || (b1 === CARRIAGE_RETURN && b2 === ONE && b3 === separator);
        // The byte after the cut must be in this window to rule out a BOM; else take a later line.
        if (endsWithSeparatorOne && i + 1 < bytesRead && window[i + 1] !== BOM_FIRST_BYTE)
          return position + i + 1;
      }
      b3 = b2;
      b2 = b1;
      b1 = byte;
    }
    position += bytesRead;
  }
  return sizeBytes;
}
