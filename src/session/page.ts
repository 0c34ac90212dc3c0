/**
 * The page record: one line of the behaviour log, typed.
 *
 * Every item list has exactly `ITEMS_PER_PAGE` slots as in the file (limits.ts); `itemCount` says how many
 * of them are real items (the rest is zero padding, see DATA.md) and consumers must read only
 * indexes `0 … itemCount-1`. Padding is trailing in the real data; the parser rejects a page whose
 * padding is interleaved with real items. Every range quoted below is a constant of limits.ts.
 */

/** The user profile columns (3–5). Category codes as in the file. */
export interface Profile {
  /** 0–8 */
  ageLevel: number;
  /** 0–2 */
  gender: number;
  /** 0–7 */
  purchasePower: number;
}

/** The items shown on one page, as typed arrays of length ITEMS_PER_PAGE (padding included). */
export interface PageItems {
  /** Number of real (non-padding) items, 0–`ITEMS_PER_PAGE`; the slots after them are padding. */
  itemCount: number;
  /** Positions 0–600 (page p shows p·50 … p·50+49). */
  position: Int16Array;
  /** Platform's predicted click-through rate. */
  ctr: Float64Array;
  /** Platform's predicted conversion rate. */
  cvr: Float64Array;
  /** Predicted price in yuan. */
  priceYuan: Float64Array;
  click: Uint8Array;
  cart: Uint8Array;
  fav: Uint8Array;
  /** Purchase amount in yuan, 0 = not bought. */
  purchaseYuan: Float64Array;
  /** Optional item feature ("state" in the paper). */
  state: Float64Array;
}

/** One parsed line of the log. */
export interface PageRecord extends PageItems {
  /** 1-based line number in its file: for error messages and traceability. */
  lineNumber: number;
  /** 0–11, the time step in the session. */
  pageId: number;
  /** 0–23 */
  hour: number;
  profile: Profile;
  /** 1 if this page is the last one the user browsed. */
  terminal: 0 | 1;
}

/**
 * A session as observed so far: the input of the feature function, shared by training (every prefix
 * of a rebuilt session) and serving (the request body). `pages[i]` is page id i of the session; the
 * last page is the current one (page t). Nothing after page t is ever part of it.
 */
export interface ObservedSession {
  profile: Profile;
  /** Hour of the current request, 0–23. */
  hour: number;
  /**
   * Page id of `pages[0]`; 0 (the default) when the whole session is known. Training sets it to the
   * current page id with a single page when the log is not in session order (page-level fallback).
   */
  firstPageId?: number;
  /** Pages `firstPageId … t` in order; the last one is the current page t. */
  pages: readonly PageItems[];
}
