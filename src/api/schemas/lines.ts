import { z } from '@hono/zod-openapi';
import { formatPageLine } from '../../data/lineFormat.ts';
import { emptyPageRecord, toObservedSession } from '../../session/index.ts';
import { SESSION_EXAMPLE } from './session.ts';

/** SESSION_EXAMPLE as lines of the behaviour log (what a log-replay client sends). */
export const LINES_EXAMPLE = toObservedSession(SESSION_EXAMPLE)
  .pages.map((page, pageId) => {
    const record = {
      ...emptyPageRecord(),
      ...page,
      pageId,
      hour: SESSION_EXAMPLE.hour,
      profile: SESSION_EXAMPLE.profile,
    };
    return formatPageLine(record);
  })
  .join('\n');

export const LinesBodySchema = z.string().openapi({
  description:
    'Lines of the behaviour log (15 columns, `;`, tab or `|` separated), one per page of ONE session in page ' +
    'order; the last line is the current page. Padding items are recognised as in the data pipeline.',
  example: LINES_EXAMPLE,
});

export const LinesQuerySchema = z.object({
  sessionId: z.string().min(1).max(128).optional().openapi({
    description: "The client's session id (logged; a key for POST /feedback)",
    example: 'replay-0001',
  }),
});
