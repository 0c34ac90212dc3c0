/**
 * Every limit of a page and a session, in one place: the log parser, the feature function's guard,
 * the API's zod schema, its fast-path check and its byte parser all read them from here (a test
 * changes one and watches the three API checks follow).
 */

/** Item slots on a page: every item list of the log has exactly this many (padding included). */
export const ITEMS_PER_PAGE = 50;
/** Page ids run 0 … MAX_PAGE_ID (the time step in the session). */
export const MAX_PAGE_ID = 11;
export const MAX_PAGES_PER_SESSION = MAX_PAGE_ID + 1;
/** Positions run 0–599 over 12 pages × 50 slots (DATA.md allows up to 600). */
export const MAX_POSITION = 600;
export const MAX_HOUR = 23;
/** Profile category codes: age level 0–8, gender 0–2, purchase power 0–7. */
export const MAX_AGE_LEVEL = 8;
export const MAX_GENDER = 2;
export const MAX_PURCHASE_POWER = 7;
/** Upper bound of a price or purchase amount (yuan); the data's maximum is about 10,000. */
export const MAX_AMOUNT_YUAN = 1_000_000;
/** Length of a client's session id in a request body (characters). */
export const MAX_SESSION_ID_LENGTH = 128;
