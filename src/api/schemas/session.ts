import { z } from '@hono/zod-openapi';
import type { SessionBody } from '../../session/index.ts';
import * as limits from '../../session/limits.ts';

// The generator keeps only the first value of a multi-value literal (`enum: [0]`): say it in full.
const flag = z.literal([0, 1]).openapi({ type: 'integer', enum: [0, 1] });
const rate = z.number().min(0).max(1);
const amountYuan = z.number().min(0).max(limits.MAX_AMOUNT_YUAN);

export const ItemSchema = z
  .strictObject({
    position: z
      .number()
      .int()
      .min(0)
      .max(limits.MAX_POSITION)
      .openapi({ description: 'Slot in the feed, page p shows p·50 … p·50+49' }),
    ctr: rate.openapi({ description: "Platform's predicted click-through rate, 0–1" }),
    cvr: rate.openapi({ description: "Platform's predicted conversion rate, 0–1" }),
    price: amountYuan.openapi({ description: 'Predicted price, yuan' }),
    click: flag.openapi({ description: '1 if the shopper clicked the item' }),
    cart: flag.openapi({ description: '1 if added to the cart' }),
    fav: flag.openapi({ description: '1 if added to favourites' }),
    purchase: amountYuan.openapi({ description: 'Purchase amount, yuan (0 = not bought)' }),
  })
  .openapi('Item');

export const PageSchema = z
  .strictObject({
    items: z
      .array(ItemSchema)
      .max(limits.ITEMS_PER_PAGE)
      .openapi({
        description: `The real items shown on the page (at most ${limits.ITEMS_PER_PAGE}); send no padding.`,
      }),
  })
  .openapi('Page');

export const ProfileSchema = z
  .strictObject({
    ageLevel: z.number().int().min(0).max(limits.MAX_AGE_LEVEL),
    gender: z.number().int().min(0).max(limits.MAX_GENDER),
    purchasePower: z.number().int().min(0).max(limits.MAX_PURCHASE_POWER),
  })
  .openapi('Profile');

const ITEM_EXAMPLE = (position: number, ctr: number, price: number, click: 0 | 1) => ({
  position,
  ctr,
  cvr: 0.0042,
  price,
  click,
  cart: 0 as const,
  fav: 0 as const,
  purchase: 0,
});

/** A realistic session of two pages (the docs' example; a test posts it). */
export const SESSION_EXAMPLE = {
  sessionId: 'web-7f3a9c',
  profile: { ageLevel: 3, gender: 1, purchasePower: 4 },
  hour: 21,
  pages: [
    {
      items: [
        ITEM_EXAMPLE(12, 0.061, 59.9, 1),
        ITEM_EXAMPLE(3, 0.031, 129, 0),
        ITEM_EXAMPLE(40, 0.018, 19.5, 0),
      ],
    },
    {
      items: [
        ITEM_EXAMPLE(57, 0.044, 89, 0),
        ITEM_EXAMPLE(81, 0.092, 249, 1),
        ITEM_EXAMPLE(66, 0.027, 35.8, 0),
      ],
    },
  ],
};

/** A session observed so far; the last page is the current one. */
export const SessionSchema = z
  .strictObject({
    sessionId: z
      .string()
      .min(1)
      .max(limits.MAX_SESSION_ID_LENGTH)
      .optional()
      .openapi({ description: "The client's session id: logged, and usable in POST /feedback" }),
    profile: ProfileSchema,
    hour: z
      .number()
      .int()
      .min(0)
      .max(limits.MAX_HOUR)
      .openapi({ description: `Hour of the current request, 0–${limits.MAX_HOUR}` }),
    firstPageId: z
      .number()
      .int()
      .min(0)
      .max(limits.MAX_PAGES_PER_SESSION - 1)
      .optional()
      .openapi({
        description: `Page id of pages[0]; default 0 (the whole session is sent). firstPageId + pages.length ≤ ${limits.MAX_PAGES_PER_SESSION}: page ids stop at ${limits.MAX_PAGES_PER_SESSION - 1}.`,
      }),
    pages: z
      .array(PageSchema)
      .min(1)
      .max(limits.MAX_PAGES_PER_SESSION)
      .openapi({
        description: `Pages firstPageId … t in order; the last one is the current page t (firstPageId + pages.length ≤ ${limits.MAX_PAGES_PER_SESSION})`,
      }),
  })
  .superRefine((session, ctx) => {
    const lastPageId = (session.firstPageId ?? 0) + session.pages.length - 1;
    if (lastPageId >= limits.MAX_PAGES_PER_SESSION) {
      ctx.addIssue({
        code: 'custom',
        path: ['pages'],
        message: `firstPageId ${session.firstPageId} with ${session.pages.length} pages reaches page ${lastPageId}; page ids stop at ${limits.MAX_PAGES_PER_SESSION - 1}`,
      });
    }
  })
  .openapi('Session', {
    example: SESSION_EXAMPLE,
    // The superRefine above as JSON Schema (a consumer's validator knows it too): when firstPageId
    // is k, at most MAX_PAGES_PER_SESSION − k pages.
    anyOf: Array.from({ length: limits.MAX_PAGES_PER_SESSION }, (_, k) => ({
      properties: { firstPageId: { const: k }, pages: { maxItems: limits.MAX_PAGES_PER_SESSION - k } },
    })),
  }) satisfies z.ZodType<SessionBody>;
export type { SessionBody };

/** The batch body: `{ sessions: [...] }`, at most `maxSessions` sessions. */
export function batchSchema(maxSessions: number) {
  return z
    .strictObject({ sessions: z.array(SessionSchema).min(1).max(maxSessions) })
    .openapi('SessionBatch', {
      example: { sessions: [SESSION_EXAMPLE, { ...SESSION_EXAMPLE, sessionId: 'app-0c51d2', hour: 9 }] },
    });
}
