/** The 15 columns of the behaviour log (DATA.md), 1-based as in the documentation. */
export const COLUMN_NAMES = [
  '',
  'page id',
  'hour',
  'age level',
  'gender',
  'purchase power',
  'positions',
  'predicted ctr',
  'predicted cvr',
  'price',
  'click flags',
  'cart flags',
  'favourite flags',
  'purchase amounts',
  'state feature',
  'terminal',
] as const;

export const COLUMN_COUNT = 15;

/** "column 7 (predicted ctr)": how messages name a column. */
export function columnLabel(column: number): string {
  return `column ${column} (${COLUMN_NAMES[column]})`;
}
