import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConfig, lint } from '@redocly/openapi-core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { customerAttributes } from '../../src/api/routes/policyRoutes.ts';
import { CUSTOMER_TASK } from '../../src/registry/index.ts';
import { parseDay } from '../../src/transactions/index.ts';
import { schemaArbitrary } from './helpers/schemaArbitrary.ts';
import { FEEDBACK_TOKEN, startTestService, type TestService } from './helpers/testService.ts';

const SPEC_URL = new URL('../../openapi.yaml', import.meta.url);
const doc = parse(readFileSync(SPEC_URL, 'utf8'));

// The whole document as one schema resource, so `#/components/schemas/…` refs resolve as written.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(doc, 'openapi');
const validatorAt = (pointer: string) => {
  const validate = ajv.getSchema(`openapi#${pointer}`);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  return validate;
};

/** Every schema in the document that carries an `example`, with its JSON pointer. */
function schemasWithExamples(node: unknown, pointer = ''): { pointer: string; example: unknown }[] {
  if (node === null || typeof node !== 'object') return [];
  const found: { pointer: string; example: unknown }[] = [];
  const record = node as Record<string, unknown>;
  const isSchema = ['type', '$ref', 'properties', 'anyOf', 'oneOf', 'enum'].some((k) => k in record);
  if ('example' in record && isSchema) found.push({ pointer, example: record.example });
  for (const [key, child] of Object.entries(record)) {
    if (key === 'example' || key === 'examples') continue;
    found.push(...schemasWithExamples(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return found;
}

type Body = Record<string, unknown>;
type Rule = { words: RegExp; holds: (body: Body) => boolean };

const ordered = (...values: unknown[]) =>
  values.every((v, i) => i === 0 || (values[i - 1] as number) <= (v as number));
const day = (text: unknown) => parseDay(String(text), 'iso');
const today = Math.floor(Date.now() / 86_400_000);
/** A customer body's rules that compare fields or need a calendar: JSON Schema states them in words only. */
const CUSTOMER_RULES: Rule[] = [
  {
    words: /2024-02-30 does not exist/,
    holds: (c) =>
      [c.asOf, ...((c.transactions as Body[] | undefined) ?? []).map((t) => t.date)]
        .filter((date) => date !== undefined)
        .every((date) => !Number.isNaN(day(date))),
  },
  {
    words: /Every transaction date is on or before asOf \(today, UTC, without asOf\)/,
    holds: (c) =>
      ((c.transactions as Body[] | undefined) ?? []).every(
        (t) => day(t.date) <= (c.asOf === undefined ? today : day(c.asOf)),
      ),
  },
  {
    words: /repeatPurchases ≤ daysFirstToLastPurchase ≤ daysSinceFirstPurchase/,
    holds: (c) => {
      const s = c.summary as Body | undefined;
      return !s || ordered(s.repeatPurchases, s.daysFirstToLastPurchase, s.daysSinceFirstPurchase);
    },
  },
];
/** A simulation body with the defaults the schema states (timeUnitDays 7, horizonDays 182). */
const withDefaults = (b: Body) =>
  ({
    ...b,
    horizonDays: b.horizonDays ?? 182,
    model: { timeUnitDays: 7, ...(b.model as Body) },
  }) as Parameters<typeof customerAttributes>[0];
const POLICY_RULES: Rule[] = [
  {
    words: /BG\/NBD a \+ b > 1/,
    holds: (b) => {
      const { a, b: beta } = (b.model as { bgNbd: Record<string, number> }).bgNbd;
      return a! + beta! > 1;
    },
  },
  {
    words: /every customer has tx ≤ T/,
    holds: (b) => (b.customers as Body[]).every((c) => ordered(c.tx, c.T)),
  },
  {
    words: /policy names are unique/,
    holds: (b) => new Set((b.policies as Body[]).map((p) => p.name)).size === (b.policies as Body[]).length,
  },
  {
    words: /uniform min ≤ max, triangular min ≤ mode ≤ max with min < max, beta sd² < mean·\(1 − mean\)/,
    holds: (b) =>
      (b.policies as { uplift: Record<string, number> }[]).every(({ uplift: u }) =>
        u.distribution === ('uniform' as unknown)
          ? ordered(u.min, u.max)
          : u.distribution === ('triangular' as unknown)
            ? ordered(u.min, u.mode, u.max) && u.min! < u.max!
            : u.distribution === ('beta' as unknown)
              ? u.sd! ** 2 < u.mean! * (1 - u.mean!)
              : true,
      ),
  },
  {
    words: /Give min, max or both; min ≤ max/,
    holds: (b) =>
      (b.policies as { target: { where?: Record<string, Body> } }[]).every(({ target }) =>
        Object.values(target.where ?? {}).every((r) => r.min === undefined || ordered(r.min, r.max ?? r.min)),
      ),
  },
  // Last: the one rule that computes (the model's series), after the cheap ones have filtered.
  {
    words: /the parameters give every customer a finite P\(alive\) and expected revenue/,
    holds: (b) => customerAttributes(withDefaults(b)) !== null,
  },
];
/** Per POST route, the rules its body schema states only in words (every other rule is JSON Schema). */
const RULES_IN_WORDS: Record<string, Rule[]> = {
  '/customers/value': CUSTOMER_RULES,
  '/customers/value/batch': CUSTOMER_RULES.map(({ words, holds }) => ({
    words,
    holds: (b) => (b.customers as Body[]).every(holds),
  })),
  '/policies/simulate': POLICY_RULES,
};

let service: TestService;
beforeAll(() => {
  service = startTestService();
  // The committed customer-value model, so /customers/value answers (the tiny registry has none).
  cpSync('models/customer-value', join(service.modelsDir, CUSTOMER_TASK), { recursive: true });
  service.models.reloadAll();
});
afterAll(() => service.stop());

describe('openapi.yaml as a contract', () => {
  it("passes Redocly's recommended rules with no error or warning", async () => {
    const config = await createConfig({
      extends: ['recommended'],
      rules: {
        // A private service: there is no licence to name.
        'info-license': 'off',
        // /healthz, /readyz, /models and /metrics take no input, so they have no 4xx to declare.
        'operation-4xx-response': 'off',
      },
    });
    const problems = await lint({ ref: SPEC_URL.pathname, config });
    const listed = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(listed).toEqual([]);
  });

  it('has examples that are valid by their own schemas', () => {
    const examples = schemasWithExamples(doc);
    expect(examples.length).toBeGreaterThan(20);
    for (const { pointer, example } of examples) {
      const validate = validatorAt(pointer);
      expect(validate(example), `${pointer}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('says what the server does: 0/1 flags, a nullable drift prediction, public and admin operations', () => {
    const item = doc.components.schemas.Item.properties;
    for (const flag of ['click', 'cart', 'fav'])
      expect(item[flag]).toMatchObject({ type: 'integer', enum: [0, 1] });
    expect(validatorAt('/components/schemas/DriftReport/properties/prediction')(null)).toBe(true);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    for (const [path, methods] of Object.entries(
      doc.paths as Record<string, Record<string, { security: unknown; description?: string }>>,
    )) {
      for (const operation of Object.values(methods)) {
        expect(operation.description, `${path} has a description`).toBeTruthy();
        const expected =
          path.startsWith('/admin') || path.startsWith('/monitoring')
            ? [{ adminToken: [] }]
            : path === '/feedback'
              ? [{ feedbackToken: [] }]
              : [];
        expect(operation.security, `${path} declares its security`).toEqual(expected);
      }
    }
    expect(doc.paths['/admin/reload'].post.responses['413']).toBeDefined();
    expect(doc.paths['/churn/batch'].post.description).toMatch(
      /BODY_LIMIT_BYTES.*about 19 sessions of 12 full pages/,
    );
    expect(doc.paths['/churn'].post.responses['413'].description).toMatch(/BODY_LIMIT_BYTES/);
    expect(doc.components.schemas.Session.properties.firstPageId.description).toMatch(
      /firstPageId \+ pages\.length ≤ 12/,
    );
    const feedback = validatorAt('/components/schemas/Feedback');
    expect(feedback({ requestId: 'r-1', churned: true })).toBe(true);
    expect(feedback({ requestId: 'r-1', sessionId: 's-1', churned: true })).toBe(false);
    expect(feedback({ requestId: 'r-1', pageCount: 2, churned: true })).toBe(false);
    expect(feedback({ sessionId: 's-1', pageCount: 2 })).toBe(false);
    const session = validatorAt('/components/schemas/Session');
    const example = doc.components.schemas.Session.example;
    expect(session({ ...example, firstPageId: 10 })).toBe(true);
    expect(session({ ...example, firstPageId: 11 })).toBe(false);
  });

  it('every JSON body generated from the spec gets a 2xx, on every POST route that takes JSON', async () => {
    const limit = service.config.BODY_LIMIT_BYTES;
    const specText = JSON.stringify(doc);
    const tested: string[] = [];
    for (const [path, methods] of Object.entries(
      doc.paths as Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>
      >,
    )) {
      const json = methods.post?.requestBody?.content['application/json'];
      if (!json) continue;
      tested.push(path);
      const rules = RULES_IN_WORDS[path] ?? [];
      // A rule the generator respects must be one the document states.
      for (const { words } of rules) expect(specText, `${path} states ${words}`).toMatch(words);
      const validate = ajv.compile({
        $ref: `openapi#/paths/${path.replace(/\//g, '~1')}/post/requestBody/content/application~1json/schema`,
      });
      // Valid by the schema and its rules in words, and within BODY_LIMIT_BYTES, which the 413 and batch
      // descriptions state. Three items per array keep each run small (the policy simulations above all).
      const bodies = schemaArbitrary(json.schema, doc, { maxItems: 3 })
        .filter((body) => validate(body))
        .filter((body) => rules.every(({ holds }) => holds(body as Body)))
        .filter((body) => Buffer.byteLength(JSON.stringify(body)) <= limit);
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const res = await request(service.server)
            .post(path)
            .set('authorization', `Bearer ${FEEDBACK_TOKEN}`)
            .send(body as object);
          expect(res.status, `${path} ${JSON.stringify(res.body).slice(0, 300)}`).toBeGreaterThanOrEqual(200);
          expect(res.status).toBeLessThan(300);
        }),
        { numRuns: 25, seed: 12 },
      );
    }
    expect(tested).toEqual(
      expect.arrayContaining([
        '/feedback',
        '/customers/value',
        '/customers/value/batch',
        '/policies/simulate',
      ]),
    );
  });
});
