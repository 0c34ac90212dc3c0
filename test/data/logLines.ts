/**
 * Hand-made lines of the 15-column log for tests: a readable description in, the exact text out,
 * so each test can break one thing at a time.
 */
export interface HandMadeLine {
  pageId?: number;
  hour?: number;
  profile?: [number, number, number];
  /** Real items (the rest is zero padding). Default 3. */
  items?: number;
  terminal?: number;
  /** Purchase amount of the first item (yuan). */
  purchaseYuan?: number;
  /** Clicks on the first `clicks` items. */
  clicks?: number;
}

export const COLUMN_LISTS = [
  'position',
  'ctr',
  'cvr',
  'price',
  'click',
  'cart',
  'fav',
  'purchase',
  'state',
] as const;
export type ListName = (typeof COLUMN_LISTS)[number];

/** The columns of a line as arrays of strings (lists as 50 strings), for mutation before joining. */
export interface LineColumns {
  head: string[];
  lists: Record<ListName, string[]>;
  terminal: string;
}

export function lineColumns(line: HandMadeLine = {}): LineColumns {
  const pageId = line.pageId ?? 0;
  const items = line.items ?? 3;
  const lists = {} as Record<ListName, string[]>;
  for (const name of COLUMN_LISTS) lists[name] = new Array(50).fill('0');
  for (let i = 0; i < items; i++) {
    lists.position[i] = String(pageId * 50 + ((i * 7) % 50));
    lists.ctr[i] = (0.01 + i / 1000).toFixed(6);
    lists.cvr[i] = '0.0021';
    lists.price[i] = (20 + i * 1.5).toFixed(1);
    lists.click[i] = i < (line.clicks ?? 0) ? '1' : '0';
  }
  if (line.purchaseYuan !== undefined && items > 0) lists.purchase[0] = String(line.purchaseYuan);
  const [age, gender, power] = line.profile ?? [3, 1, 4];
  return {
    head: [String(pageId), String(line.hour ?? 12), String(age), String(gender), String(power)],
    lists,
    terminal: String(line.terminal ?? 0),
  };
}

export function joinColumns(columns: LineColumns, separator = ';'): string {
  return [
    ...columns.head,
    ...COLUMN_LISTS.map((name) => columns.lists[name].join(',')),
    columns.terminal,
  ].join(separator);
}

/** One line of text (no newline). */
export function handMadeLine(line: HandMadeLine = {}, separator = ';'): string {
  return joinColumns(lineColumns(line), separator);
}

/** A session of `pages` lines in order (page ids 0…), the last one terminal. */
export function handMadeSession(pages: number, line: HandMadeLine = {}): string[] {
  return Array.from({ length: pages }, (_, pageId) =>
    handMadeLine({ ...line, pageId, terminal: pageId === pages - 1 ? 1 : 0 }),
  );
}
