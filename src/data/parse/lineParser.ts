import {
  ITEMS_PER_PAGE,
  MAX_AGE_LEVEL,
  MAX_GENDER,
  MAX_HOUR,
  MAX_PAGE_ID,
  MAX_POSITION,
  MAX_PURCHASE_POWER,
  type PageRecord,
} from '../../session/index.ts';
import { ByteNumberCursor, scanDecimal, scanEnd } from './byteNumber.ts';
import { COLUMN_COUNT, columnLabel } from './columns.ts';
import { countByte, hasPositionOutsideWindow, isBlank, isIntegerIn } from './lineChecks.ts';
import { countRealItems, paddingFailureDetail, paddingFailureReason } from './padding.ts';
import type { RejectReason } from './rejectReasons.ts';

const COMMA = 44;
const ZERO = 48;
const LAST_ITEM = ITEMS_PER_PAGE - 1;
const PROFILE_MAX = [0, 0, MAX_HOUR, MAX_AGE_LEVEL, MAX_GENDER, MAX_PURCHASE_POWER];

/**
 * Parses one line of bytes into a reusable `PageRecord`, column by column, without allocating.
 * On a bad line `parse` returns false and `failureReason`/`failureDetail` say why (the first problem
 * from the left; a wrong column count wins over everything).
 *
 * @example
 * const parser = new LineParser();
 * if (!parser.parse(bytes, 0, bytes.length, 59, record)) console.log(parser.failureReason);
 */
export class LineParser {
  failureReason: RejectReason = 'blank-line';
  failureDetail = '';
  /** After a successful parse: some real item's position lies outside its page's 50 slots. */
  positionsOutsidePageWindow = false;
  private readonly cursor = new ByteNumberCursor();
  /** Scratch for lists stored in narrower arrays (positions, flags). */
  private readonly values = new Float64Array(ITEMS_PER_PAGE);
  private lineStart = 0;

  parse(buf: Uint8Array, start: number, end: number, separator: number, record: PageRecord): boolean {
    const cursor = this.cursor;
    cursor.reset(buf, start, end, separator);
    this.lineStart = start;
    if (isBlank(buf, start, end)) return this.fail('blank-line', 'the line is empty');

    const pageId = this.readScalar(1);
    if (pageId === null) return false;
    if (!isIntegerIn(pageId, 0, MAX_PAGE_ID)) {
      return this.fail('page-id-out-of-range', `${columnLabel(1)} is ${pageId}, expected an integer 0–11`);
    }
    const hour = this.readScalar(2);
    if (hour === null) return false;
    if (!isIntegerIn(hour, 0, MAX_HOUR)) {
      return this.fail('hour-out-of-range', `${columnLabel(2)} is ${hour}, expected an integer 0–23`);
    }
    for (let column = 3; column <= 5; column++) {
      const code = this.readScalar(column);
      if (code === null) return false;
      if (!isIntegerIn(code, 0, PROFILE_MAX[column])) {
        return this.fail(
          'profile-out-of-range',
          `${columnLabel(column)} is ${code}, expected an integer 0–${PROFILE_MAX[column]}`,
        );
      }
      if (column === 3) record.profile.ageLevel = code;
      else if (column === 4) record.profile.gender = code;
      else record.profile.purchasePower = code;
    }
    record.pageId = pageId;
    record.hour = hour;

    if (!this.readPositions(record.position)) return false;
    if (!this.readFloats(7, record.ctr, 0, 1, 'rate-out-of-range')) return false;
    if (!this.readFloats(8, record.cvr, 0, 1, 'rate-out-of-range')) return false;
    if (!this.readFloats(9, record.priceYuan, 0, Number.POSITIVE_INFINITY, 'negative-amount')) return false;
    if (!this.readFlags(10, record.click)) return false;
    if (!this.readFlags(11, record.cart)) return false;
    if (!this.readFlags(12, record.fav)) return false;
    if (!this.readFloats(13, record.purchaseYuan, 0, Number.POSITIVE_INFINITY, 'negative-amount'))
      return false;
    const anyValue = Number.NEGATIVE_INFINITY;
    if (!this.readFloats(14, record.state, anyValue, Number.POSITIVE_INFINITY, 'non-numeric')) return false;

    const terminal = this.readNumberAt(COLUMN_COUNT, -1);
    if (Number.isNaN(terminal)) return false;
    if (cursor.pos !== end) {
      if (buf[cursor.pos] === separator)
        return this.fail('column-count', 'the line has more than 15 columns');
      return this.fail('list-length', `${columnLabel(15)} holds more than one value`);
    }
    if (terminal !== 0 && terminal !== 1) {
      return this.fail('flag-not-binary', `${columnLabel(15)} is ${terminal}, expected 0 or 1`);
    }
    record.terminal = terminal;

    const itemCount = countRealItems(record);
    if (itemCount < 0) return this.fail(paddingFailureReason(itemCount), paddingFailureDetail(record));
    record.itemCount = itemCount;
    this.positionsOutsidePageWindow = hasPositionOutsideWindow(record);
    return true;
  }

  /** Read a scalar column and its separator; null (after recording the failure) when it is bad. */
  private readScalar(column: number): number | null {
    const value = this.readNumberAt(column, -1);
    if (Number.isNaN(value)) return null;
    return this.expectSeparator(column) ? value : null;
  }

  /** The number at the cursor; NaN (failure recorded) when it is not one. */
  private readNumberAt(column: number, item: number): number {
    const start = this.cursor.pos;
    const value = this.cursor.readNumber();
    if (Number.isNaN(value)) {
      const where = item < 0 ? columnLabel(column) : `${columnLabel(column)} item ${item + 1}`;
      this.fail('non-numeric', `${where} is ${JSON.stringify(this.cursor.tokenText(start))}, not a number`);
    }
    return value;
  }

  private expectSeparator(column: number): boolean {
    const cursor = this.cursor;
    if (cursor.pos < cursor.end && cursor.buf[cursor.pos] === cursor.separator) {
      cursor.pos++;
      return true;
    }
    if (cursor.pos >= cursor.end)
      return this.fail('column-count', `the line ends after ${columnLabel(column)}`);
    return this.fail('list-length', `${columnLabel(column)} holds more than one value`);
  }

  /** After item `index` of a list: a comma, or the separator after the 50th item. */
  private expectItemEnd(column: number, index: number): boolean {
    const cursor = this.cursor;
    const next = cursor.pos < cursor.end ? cursor.buf[cursor.pos] : -1;
    if (index < LAST_ITEM) {
      if (next === COMMA) {
        cursor.pos++;
        return true;
      }
      if (next === -1) return this.fail('column-count', `the line ends inside ${columnLabel(column)}`);
      return this.fail(
        'list-length',
        `${columnLabel(column)} has ${index + 1} values, expected ${ITEMS_PER_PAGE}`,
      );
    }
    if (next === COMMA)
      return this.fail('list-length', `${columnLabel(column)} has more than ${ITEMS_PER_PAGE} values`);
    return this.expectSeparator(column);
  }

  /**
   * Read the 50 values of list `column` into `out`. The hot loop of the parser: the common token
   * (an unsigned decimal `scanDecimal` reads exactly, then a comma) is read in place; anything else
   * goes through the cursor's general path, which yields exactly `Number(text)` or a failure.
   */
  private readList(column: number, out: Float64Array): boolean {
    const cursor = this.cursor;
    const buf = cursor.buf;
    const end = cursor.end;
    const separator = cursor.separator;
    let p = cursor.pos;
    for (let i = 0; i < ITEMS_PER_PAGE; i++) {
      const start = p;
      const value = scanDecimal(buf, p, end);
      p = scanEnd;
      const next = p < end ? buf[p] : -1;
      if (!Number.isNaN(value) && (next === COMMA || next === separator || next === -1)) {
        out[i] = value;
      } else {
        cursor.pos = start;
        const value = this.readNumberAt(column, i);
        if (Number.isNaN(value)) return false;
        out[i] = value;
        p = cursor.pos;
      }
      if (i < LAST_ITEM && p < end && buf[p] === COMMA) {
        p++;
        continue;
      }
      cursor.pos = p;
      if (!this.expectItemEnd(column, i)) return false;
      p = cursor.pos;
    }
    return true;
  }

  private readPositions(out: Int16Array): boolean {
    const values = this.values;
    if (!this.readList(6, values)) return false;
    for (let i = 0; i < ITEMS_PER_PAGE; i++) {
      const value = values[i];
      if (!isIntegerIn(value, 0, MAX_POSITION)) {
        return this.fail(
          'position-out-of-range',
          `${columnLabel(6)} item ${i + 1} is ${value}, expected 0–${MAX_POSITION}`,
        );
      }
      out[i] = value;
    }
    return true;
  }

  private readFloats(
    column: number,
    out: Float64Array,
    min: number,
    max: number,
    reason: RejectReason,
  ): boolean {
    if (!this.readList(column, out)) return false;
    for (let i = 0; i < ITEMS_PER_PAGE; i++) {
      const value = out[i];
      if (value < min || value > max) {
        const range = max === 1 ? 'expected 0–1' : 'expected ≥ 0';
        return this.fail(reason, `${columnLabel(column)} item ${i + 1} is ${value}, ${range}`);
      }
    }
    return true;
  }

  /** Flags are almost always `0,` or `1,`: two bytes checked at once, the general path otherwise. */
  private readFlags(column: number, out: Uint8Array): boolean {
    const cursor = this.cursor;
    const buf = cursor.buf;
    const end = cursor.end;
    let p = cursor.pos;
    for (let i = 0; i < LAST_ITEM; i++) {
      const flag = buf[p] - ZERO;
      if (p + 1 < end && (flag === 0 || flag === 1) && buf[p + 1] === COMMA) {
        out[i] = flag;
        p += 2;
        continue;
      }
      cursor.pos = p;
      const value = this.readNumberAt(column, i);
      if (Number.isNaN(value)) return false;
      if (value !== 0 && value !== 1) return this.flagFailure(column, i, value);
      out[i] = value;
      if (!this.expectItemEnd(column, i)) return false;
      p = cursor.pos;
    }
    cursor.pos = p;
    const value = this.readNumberAt(column, LAST_ITEM);
    if (Number.isNaN(value)) return false;
    if (value !== 0 && value !== 1) return this.flagFailure(column, LAST_ITEM, value);
    out[LAST_ITEM] = value;
    return this.expectItemEnd(column, LAST_ITEM);
  }

  private flagFailure(column: number, index: number, value: number): false {
    return this.fail(
      'flag-not-binary',
      `${columnLabel(column)} item ${index + 1} is ${value}, expected 0 or 1`,
    );
  }

  /** Record a failure; a wrong number of columns overrides the specific reason. */
  private fail(reason: RejectReason, detail: string): false {
    const cursor = this.cursor;
    const separators =
      reason === 'blank-line' ? 14 : countByte(cursor.buf, this.lineStart, cursor.end, cursor.separator);
    if (separators !== COLUMN_COUNT - 1) {
      this.failureReason = 'column-count';
      this.failureDetail = `the line has ${separators + 1} columns, expected 15`;
    } else {
      this.failureReason = reason;
      this.failureDetail = detail;
    }
    return false;
  }
}
