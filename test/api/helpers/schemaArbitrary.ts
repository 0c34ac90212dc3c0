import fc from 'fast-check';

type Schema = Record<string, unknown>;

/**
 * A fast-check arbitrary of values shaped by an OpenAPI 3.1 (JSON Schema 2020-12) schema: types,
 * bounds (inclusive and exclusive), string patterns, enums, consts, arrays, objects with their required
 * and optional properties, `$ref`s into `document`. Object-level `anyOf`/`oneOf`/`dependentRequired`
 * are not generated: filter with a validator of the same schema. Arrays hold at most `maxItems` (so
 * property runs stay small whatever the schema allows). Unsupported shapes throw, so a new schema form
 * is noticed.
 *
 * @example
 * fc.sample(schemaArbitrary(doc.components.schemas.Session, doc).filter(validate), 5);
 */
export function schemaArbitrary(
  schema: Schema,
  document: Schema,
  options: { maxItems?: number } = {},
): fc.Arbitrary<unknown> {
  const { maxItems = 10 } = options;
  const inner = (child: Schema) => schemaArbitrary(child, document, options);
  if (typeof schema.$ref === 'string') return inner(resolve(schema.$ref, document));
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const type = schema.type;
  if (type === undefined && Array.isArray(schema.anyOf ?? schema.oneOf)) {
    return fc.oneof(...((schema.anyOf ?? schema.oneOf) as Schema[]).map(inner));
  }
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => inner({ ...schema, type: t })));
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: bound(schema.minimum, -1e6), max: bound(schema.maximum, 1e6) });
    case 'number':
      return fc.double({
        min: bound(schema.minimum ?? schema.exclusiveMinimum, -1e6),
        max: bound(schema.maximum ?? schema.exclusiveMaximum, 1e6),
        minExcluded: 'exclusiveMinimum' in schema,
        maxExcluded: 'exclusiveMaximum' in schema,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string':
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({ minLength: bound(schema.minLength, 0), maxLength: bound(schema.maxLength, 40) });
    case 'array': {
      const minLength = bound(schema.minItems, 0);
      return fc.array(inner(schema.items as Schema), {
        minLength,
        maxLength: Math.max(minLength, Math.min(bound(schema.maxItems, maxItems), maxItems)),
      });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const record = Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, inner(value)]),
      );
      return fc.record(record, { requiredKeys: (schema.required ?? []) as string[] });
    }
    default:
      throw new Error(`schemaArbitrary: no generator for ${JSON.stringify(schema).slice(0, 120)}`);
  }
}

function bound(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function resolve(ref: string, document: Schema): Schema {
  if (!ref.startsWith('#/')) throw new Error(`schemaArbitrary: only local $refs, got ${ref}`);
  let node: unknown = document;
  for (const part of ref.slice(2).split('/'))
    node = (node as Schema)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node as Schema;
}
