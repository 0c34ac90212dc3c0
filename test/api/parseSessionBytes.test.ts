import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSessionBytes } from '../../src/api/parseSessionBytes.ts';
import { SESSION_EXAMPLE, SessionSchema } from '../../src/api/schemas/session.ts';
import { type ObservedSession, toObservedSession } from '../../src/session/index.ts';

// Plain arrays of every page column, so toEqual compares values, not typed-array layouts.
const plain = (s: ObservedSession) => ({
  profile: { ...s.profile },
  hour: s.hour,
  firstPageId: s.firstPageId,
  pages: s.pages.map((p) => ({
    itemCount: p.itemCount,
    position: Array.from(p.position),
    ctr: Array.from(p.ctr),
    cvr: Array.from(p.cvr),
    priceYuan: Array.from(p.priceYuan),
    click: Array.from(p.click),
    cart: Array.from(p.cart),
    fav: Array.from(p.fav),
    purchaseYuan: Array.from(p.purchaseYuan),
    state: Array.from(p.state),
  })),
});

/** What the slow path makes of a body: null where JSON.parse or the schema refuses it. */
function reference(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const result = SessionSchema.safeParse(json);
  if (!result.success) return null;
  return { sessionId: result.data.sessionId ?? null, session: plain(toObservedSession(result.data)) };
}

const numberArb = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 1_000_000, noNaN: true }),
  fc.integer({ min: 0, max: 700 }),
  fc.constantFrom(0, 1, 0.1, 0.036341, 22.95, 1e-7, 123456789.12345679, 5e-324),
);
// Mostly valid values, so that acceptance is exercised as much as the give-ups.
const mostly = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 20 }, { arbitrary: numberArb, weight: 1 });
const rateArb = mostly(fc.double({ min: 0, max: 1, noNaN: true }));
const itemArb = fc.record({
  position: mostly(fc.integer({ min: 0, max: 600 })),
  ctr: rateArb,
  cvr: rateArb,
  price: mostly(fc.double({ min: 0, max: 1_000_000, noNaN: true })),
  click: fc.constantFrom(0, 1, 1, 2),
  cart: fc.constantFrom(0, 1),
  fav: fc.constantFrom(0, 1),
  purchase: mostly(fc.constantFrom(0, 0, 12.5, 1_000_000)),
});
const sessionArb = fc.record(
  {
    sessionId: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ maxLength: 130 })),
    profile: fc.record({
      ageLevel: fc.integer({ min: 0, max: 9 }),
      gender: fc.integer({ min: 0, max: 2 }),
      purchasePower: fc.integer({ min: 0, max: 7 }),
    }),
    hour: fc.integer({ min: 0, max: 24 }),
    firstPageId: fc.integer({ min: 0, max: 11 }),
    pages: fc.array(fc.record({ items: fc.array(itemArb, { maxLength: 4 }) }), { maxLength: 3 }),
  },
  { requiredKeys: ['profile', 'hour', 'pages'] },
);

// Text edits that JSON.parse may or may not accept: the parser must then agree or give up.
const textEdits = [
  (t: string) => t,
  (t: string) => JSON.stringify(JSON.parse(t), null, 2),
  (t: string) => t.replace(/:/g, ' : ').replace(/,/g, ' ,\n\t'),
  // Every object's keys in reverse order: the general reader instead of the compact-page one.
  (t: string) =>
    JSON.stringify(JSON.parse(t), (_key, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ),
  (t: string) => t.replace('"hour"', '"hour":1,"hour"'),
  (t: string) => t.replace(/0\.(\d)/, '0.$1e0'),
  (t: string) => t.replace(/(\d)\.(\d)/, '$1.$2E+1'),
  (t: string) => t.replace(/"click":0/, '"click":0.0'),
  (t: string) => t.replace(/"price":/, '"price":-'),
  (t: string) => t.replace(/"position":/, '"position":0'),
  (t: string) => t.replace(/"cart":0/, '"cart":0,"extra":1'),
  (t: string) => t.replace(/"ctr"/, '"c\\u0074r"'),
  (t: string) => `\ufeff${t}`,
  (t: string) => `${t} x`,
  (t: string) => t.slice(0, -1),
];

describe('parseSessionBytes', () => {
  it('reads the documented example exactly as JSON.parse, the schema and toObservedSession do', () => {
    const text = JSON.stringify(SESSION_EXAMPLE);
    const parsed = parseSessionBytes(Buffer.from(text));
    expect(parsed).not.toBeNull();
    expect({ sessionId: parsed?.sessionId, session: plain(parsed?.session as ObservedSession) }).toEqual(
      reference(text),
    );
  });

  it('never accepts a body the schema refuses and reads every body it accepts identically', () => {
    let accepted = 0;
    fc.assert(
      fc.property(sessionArb, fc.integer({ min: 0, max: textEdits.length - 1 }), (session, edit) => {
        const text = textEdits[edit](JSON.stringify(session));
        const parsed = parseSessionBytes(Buffer.from(text));
        if (parsed === null) return;
        accepted++;
        expect({ sessionId: parsed.sessionId, session: plain(parsed.session) }).toEqual(reference(text));
      }),
      { numRuns: 400 },
    );
    // The generator must exercise acceptance, not only the give-ups.
    expect(accepted).toBeGreaterThan(15);
  });

  it('reads decimals to the same double as JSON.parse, including long and exponent forms', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 0, max: 1, noNaN: true }).map(String),
          fc.stringMatching(/^(0|[1-9]\d{0,6})\.\d{1,20}$/),
          fc.stringMatching(/^[1-9]\d{0,2}(\.\d{1,8})?[eE][+-]?\d{1,2}$/),
          // Mantissas either side of 2^53 = 9007199254740992, where exact accumulation ends.
          fc.constantFrom(
            '0.9007199254740991',
            '0.9007199254740992',
            '0.9007199254740993',
            '900719.9254740993',
            '900719.92547409919',
            '0.00000000000000000000009007199254740993',
          ),
        ),
        (token) => {
          const text = `{"profile":{"ageLevel":1,"gender":1,"purchasePower":1},"hour":3,"pages":[{"items":[{"position":1,"ctr":0.5,"cvr":0.5,"price":${token},"click":0,"cart":0,"fav":0,"purchase":0}]}]}`;
          const expected = JSON.parse(token) as number;
          const parsed = parseSessionBytes(Buffer.from(text));
          if (expected > 1_000_000) expect(parsed).toBeNull();
          else expect(parsed?.session.pages[0].priceYuan[0]).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads compact pages up to every limit as the schema does and gives up just past each', () => {
    const item = (fields: Partial<Record<string, number>> = {}) => ({
      position: 3,
      ctr: 0.061,
      cvr: 0.0042,
      price: 59.9,
      click: 1,
      cart: 0,
      fav: 1,
      purchase: 0,
      ...fields,
    });
    const body = (...pages: object[][]) =>
      JSON.stringify({
        profile: { ageLevel: 1, gender: 1, purchasePower: 1 },
        hour: 3,
        pages: pages.map((items) => ({ items })),
      });
    const atLimits = body(
      Array.from({ length: 50 }, (_, i) => item({ position: 550 + i, price: i * 1.25 })),
      [],
      [item({ position: 600, ctr: 1, cvr: 1e-7, price: 1_000_000, purchase: 1_000_000 }), item({ ctr: 0 })],
    );
    expect(atLimits).toContain('"cvr":1e-7');
    const parsed = parseSessionBytes(Buffer.from(atLimits));
    expect(parsed).not.toBeNull();
    expect({ sessionId: parsed?.sessionId, session: plain(parsed?.session as ObservedSession) }).toEqual(
      reference(atLimits),
    );
    for (const pastLimit of [
      body(Array.from({ length: 51 }, () => item())),
      body([item({ position: 601 })]),
      body([item({ ctr: 1.0000001 })]),
      body([item({ cvr: 2 })]),
      body([item({ price: 1_000_000.5 })]),
      body([item({ purchase: 2e6 })]),
    ]) {
      expect(reference(pastLimit)).toBeNull();
      expect(parseSessionBytes(Buffer.from(pastLimit))).toBeNull();
    }
  });

  it('gives up on what only the slow path should judge: escapes, duplicates, negative zero, a byte-order mark', () => {
    const text = JSON.stringify(SESSION_EXAMPLE);
    for (const odd of [
      text.replace('"hour":21', '"hour":21,"hour":22'),
      text.replace('web-7f3a9c', 'web-\\u0037f3a9c'),
      text.replace('"hour":21', '"hour":-0'),
      `\ufeff${text}`,
      text.replace('"cart":0', '"cart":0,"note":"x"'),
      `${text}{}`,
    ]) {
      expect(parseSessionBytes(Buffer.from(odd))).toBeNull();
    }
  });
});
