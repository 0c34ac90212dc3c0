import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openApiYaml } from '../../src/api/openApiSpec.ts';

describe('openapi.yaml', () => {
  it('is what `npm run openapi` generates from the current route definitions', () => {
    const committed = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');
    // On failure: run `npm run openapi` and commit openapi.yaml.
    expect(committed === openApiYaml(), 'openapi.yaml is out of date: run `npm run openapi`').toBe(true);
  });

  it('declares problem+json answers and an example for every request body', () => {
    const doc = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));
    for (const [path, item] of Object.entries(doc.paths) as [
      string,
      Record<string, Record<string, unknown>>,
    ][]) {
      for (const operation of Object.values(item) as {
        requestBody?: unknown;
        responses: Record<string, unknown>;
      }[]) {
        const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
        for (const [status, response] of errors) {
          expect(Object.keys((response as { content: object }).content), `${path} ${status}`).toEqual([
            'application/problem+json',
          ]);
        }
        if (operation.requestBody) {
          type Content = Record<string, { schema: { $ref?: string; example?: unknown } }>;
          for (const { schema } of Object.values((operation.requestBody as { content: Content }).content)) {
            const name = schema.$ref?.split('/').at(-1);
            expect(name ? doc.components.schemas[name].example : schema.example, path).toBeDefined();
          }
        }
      }
    }
  });
});
