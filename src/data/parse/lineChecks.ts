import { ITEMS_PER_PAGE, type PageRecord } from '../../session/index.ts';

/** Small checks of the line parser, off its hot loops. */

export function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

export function isBlank(buf: Uint8Array, start: number, end: number): boolean {
  for (let p = start; p < end; p++) if (buf[p] !== 32) return false;
  return true;
}

export function countByte(buf: Uint8Array, start: number, end: number, byte: number): number {
  let count = 0;
  for (let p = start; p < end; p++) if (buf[p] === byte) count++;
  return count;
}

/** Positions of page p should lie in p·50 … p·50+49; the real sample shifts some pages by one. */
export function hasPositionOutsideWindow(record: PageRecord): boolean {
  const low = record.pageId * ITEMS_PER_PAGE;
  const high = low + ITEMS_PER_PAGE - 1;
  for (let i = 0; i < record.itemCount; i++) {
    const position = record.position[i];
    if (position < low || position > high) return true;
  }
  return false;
}
