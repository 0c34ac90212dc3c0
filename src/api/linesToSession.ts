import { LogInputError, parseLogText, SeparatorDetectionError } from '../data/parse/index.ts';
import {
  copyPageRecord,
  MAX_PAGES_PER_SESSION,
  type ObservedSession,
  type PageRecord,
} from '../session/index.ts';
import { ApiError } from './problem.ts';

const invalid = (errors: { path: string; message: string }[], reason: string) =>
  new ApiError({
    status: 422,
    slug: 'invalid-lines',
    title: 'Request lines are invalid',
    detail: `${errors[0]?.path}: ${errors[0]?.message}${errors.length > 1 ? ` (and ${errors.length - 1} more, see errors)` : ''}`,
    errors,
    reason,
  });

/**
 * A session sent as raw lines of the behaviour log (the dataset's 15-column format, one line per
 * page, in page order, the last line the current page), parsed by the data pipeline's own parser
 * (separator `;`, tab or `|` detected) and checked as one session: consecutive page ids, one profile.
 *
 * @example
 * linesToSession('0;21;3;1;4;12,3;0.061,0.031;…\n1;21;3;1;4;…'); // { session, pageCount: 2 }
 */
export function linesToSession(text: string): ObservedSession {
  const pages: PageRecord[] = [];
  let summary: ReturnType<typeof parseLogText>;
  try {
    summary = parseLogText(
      text.trim(),
      (page) => {
        if (pages.length <= MAX_PAGES_PER_SESSION) pages.push(copyPageRecord(page));
      },
      { source: 'body', maxReportedBadLines: 12 },
    );
  } catch (error) {
    if (error instanceof LogInputError || error instanceof SeparatorDetectionError)
      throw invalid([{ path: 'body', message: error.message }], 'invalid-lines:format');
    throw error;
  }
  if (summary.rejectedTotal > 0) {
    const errors = summary.firstBadLines.map((bad) => ({
      path: `line ${bad.lineNumber}`,
      message: `${bad.reason}: ${bad.detail}`,
    }));
    throw invalid(errors, `invalid-lines:${summary.firstBadLines[0]?.reason}`);
  }
  if (pages.length === 0 || summary.linesRead > MAX_PAGES_PER_SESSION) {
    throw invalid(
      [
        {
          path: 'body',
          message: `send 1–${MAX_PAGES_PER_SESSION} lines (one per page), got ${summary.linesRead}`,
        },
      ],
      'invalid-lines:count',
    );
  }
  const first = pages[0];
  for (let i = 1; i < pages.length; i++) {
    const page = pages[i];
    if (page.pageId !== first.pageId + i) {
      throw invalid(
        [
          {
            path: `line ${i + 1}`,
            message: `page id ${page.pageId} does not follow page id ${pages[i - 1].pageId}; send the pages of one session in order`,
          },
        ],
        'invalid-lines:order',
      );
    }
    const p = page.profile;
    if (
      p.ageLevel !== first.profile.ageLevel ||
      p.gender !== first.profile.gender ||
      p.purchasePower !== first.profile.purchasePower
    ) {
      throw invalid(
        [
          {
            path: `line ${i + 1}`,
            message: 'the user profile (columns 3–5) differs from line 1; send the pages of one session',
          },
        ],
        'invalid-lines:profile',
      );
    }
  }
  const current = pages[pages.length - 1];
  return { profile: { ...first.profile }, hour: current.hour, firstPageId: first.pageId, pages };
}
