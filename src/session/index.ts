export { type ItemBody, type SessionBody, sessionBodyFromPages, toObservedSession } from './body.ts';
export { copyPageRecord, emptyPageItems, emptyPageRecord } from './builders.ts';
export * from './limits.ts';
export type { ObservedSession, PageItems, PageRecord, Profile } from './page.ts';
