import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { validationError } from './problem.ts';

const JSON_CONTENT_TYPE = /^application\/([a-z-.]+\+)?json/i;

/**
 * Read and validate a JSON body: `fastPath` may vouch for it cheaply; otherwise the zod schema
 * decides and its issues become the usual 422 problem (the same `validationError` as the
 * defaultHook). Errors match the zod-openapi validators: 415 for another content type, 400 for
 * malformed JSON.
 *
 * @example
 * const body = await readJsonBody(c, SessionSchema, passesSessionFastPath);
 */
export async function readJsonBody<T>(
  c: Context,
  schema: z.ZodType<T>,
  fastPath: (value: unknown) => value is T,
): Promise<T> {
  if (!JSON_CONTENT_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new HTTPException(415, { message: 'Unsupported Media Type' });
  }
  let json: unknown;
  try {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    json = incoming && readsDirectly(c, incoming) ? JSON.parse(await readAll(incoming)) : await c.req.json();
  } catch {
    throw new HTTPException(400, { message: 'Malformed JSON in request body' });
  }
  if (fastPath(json)) return json;
  const result = schema.safeParse(json);
  if (!result.success) throw validationError(result.error, 'json');
  return result.data;
}

/**
 * Under @hono/node-server, a body with a content-length (already checked by the body limit) is read
 * straight from Node's request stream: building a WHATWG Request for it costs more than scoring.
 */
function readsDirectly(c: Context, incoming: IncomingMessage): boolean {
  return (
    c.req.header('content-length') !== undefined &&
    c.req.header('transfer-encoding') === undefined &&
    !incoming.readableDidRead
  );
}

function readAll(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.once('error', reject);
  });
}
