import { readFileSync } from 'node:fs';
import { createConfig, lint } from '@redocly/openapi-core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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

const SESSION_SIDE = /^\/(churn|session-value|feedback)(\/|$)/;

let service: TestService;
beforeAll(() => {
  service = startTestService();
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

  it('every JSON body generated from the spec gets a 2xx', async () => {
    const limit = service.config.BODY_LIMIT_BYTES;
    for (const [path, methods] of Object.entries(
      doc.paths as Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>
      >,
    )) {
      const json = methods.post?.requestBody?.content['application/json'];
      // The session side and its feedback. The customer side (/customers/*, /policies/*) still has
      // rules only its zod refinements know (e.g. an empty body is valid by its schema): to do.
      if (!json || !SESSION_SIDE.test(path)) continue;
      const validate = ajv.compile({
        $ref: `openapi#/paths/${path.replace(/\//g, '~1')}/post/requestBody/content/application~1json/schema`,
      });
      // Valid by the schema, and within BODY_LIMIT_BYTES, which the 413 and batch descriptions state.
      const bodies = schemaArbitrary(json.schema, doc)
        .filter((body) => validate(body))
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
  });
});
