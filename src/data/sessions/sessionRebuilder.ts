import {
  copyPageRecord,
  emptyPageRecord,
  MAX_PAGES_PER_SESSION,
  type PageRecord,
} from '../../session/index.ts';
import { type SessionOrderStats, withRates } from './sessionOrder.ts';

/** Why a session was closed. A session is only known complete at `terminal` (see docs/data.md). */
export type SessionEnd = 'terminal' | 'break' | 'end-of-input' | 'page-level';

/**
 * Receives each session once it is closed. `pages` is a reused pool: read `pages[0 … pageCount-1]`
 * during the call and copy what you keep.
 */
export type SessionCallback = (pages: readonly PageRecord[], pageCount: number, endedBy: SessionEnd) => void;

export interface SessionRebuilderOptions {
  /**
   * Page-level fallback: every page is a session of its own (its history is not trusted). The
   * continuation statistics are measured all the same.
   */
  pageLevel?: boolean;
}

/**
 * Rebuilds sessions from consecutive pages: a page continues the open session when it is on the next
 * line of the same input, the open session's last page is not terminal, its page id is the previous
 * one + 1 and the profile is the same. Otherwise the open session is closed (a break) and a new one
 * starts. A terminal page closes its session at once. Constant memory: a pool of 12 pages.
 *
 * @example
 * const rebuilder = new SessionRebuilder((pages, n, endedBy) => sessions++);
 * await parseLogFile(path, (page) => rebuilder.push(page));
 * rebuilder.endInput();
 * const stats = rebuilder.stats();
 */
export class SessionRebuilder {
  private readonly pool: PageRecord[] = Array.from({ length: MAX_PAGES_PER_SESSION }, emptyPageRecord);
  private readonly pageLevel: boolean;
  private open = 0;
  private previousLine = Number.NEGATIVE_INFINITY;
  private previousPageId = -1;
  private previousTerminal = 1;
  private previousAge = -1;
  private previousGender = -1;
  private previousPower = -1;
  private pages = 0;
  private laterPages = 0;
  private continuingPages = 0;
  private sessions = 0;
  private sessionsStartingLate = 0;
  private unterminatedSessions = 0;

  /** Terminal flag of the open session's last page (the pool is not filled in statistics-only mode). */
  private openLastTerminal = 0;

  /** @param onSession receives each closed session; null measures the statistics only (no page copies). */
  constructor(
    private readonly onSession: SessionCallback | null,
    options: SessionRebuilderOptions = {},
  ) {
    this.pageLevel = options.pageLevel ?? false;
  }

  /** Add the next good page of the input (copied: the parser's record may be reused). */
  push(page: PageRecord): void {
    const continues =
      page.lineNumber === this.previousLine + 1 &&
      this.previousTerminal === 0 &&
      page.pageId === this.previousPageId + 1 &&
      page.profile.ageLevel === this.previousAge &&
      page.profile.gender === this.previousGender &&
      page.profile.purchasePower === this.previousPower;
    this.pages++;
    if (page.pageId > 0) this.laterPages++;
    if (continues) this.continuingPages++;
    this.previousLine = page.lineNumber;
    this.previousPageId = page.pageId;
    this.previousTerminal = page.terminal;
    this.previousAge = page.profile.ageLevel;
    this.previousGender = page.profile.gender;
    this.previousPower = page.profile.purchasePower;

    if (this.pageLevel) {
      this.startSession(page);
      this.close(page.terminal === 1 ? 'terminal' : 'page-level');
      return;
    }
    if (!continues) {
      if (this.open > 0) this.close('break');
      this.startSession(page);
    } else {
      if (this.onSession !== null) copyPageRecord(page, this.pool[this.open]);
      this.open++;
      this.openLastTerminal = page.terminal;
    }
    if (page.terminal === 1) this.close('terminal');
  }

  /** The current input ends: close the open session; the next input never continues it. */
  endInput(): void {
    if (this.open > 0) this.close('end-of-input');
    this.previousLine = Number.NEGATIVE_INFINITY;
  }

  /** The session-order statistics so far (call `endInput()` first to count the last session). */
  stats(): SessionOrderStats {
    return withRates({
      pages: this.pages,
      laterPages: this.laterPages,
      continuingPages: this.continuingPages,
      sessions: this.sessions,
      sessionsStartingLate: this.sessionsStartingLate,
      unterminatedSessions: this.unterminatedSessions,
    });
  }

  private startSession(page: PageRecord): void {
    if (this.onSession !== null) copyPageRecord(page, this.pool[0]);
    this.open = 1;
    this.openLastTerminal = page.terminal;
    if (page.pageId > 0) this.sessionsStartingLate++;
  }

  private close(endedBy: SessionEnd): void {
    const count = this.open;
    this.open = 0;
    this.sessions++;
    if (this.openLastTerminal !== 1) this.unterminatedSessions++;
    this.onSession?.(this.pool, count, endedBy);
  }
}
