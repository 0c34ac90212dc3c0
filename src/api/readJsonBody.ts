import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { isMediaType } from './mediaType.ts';
import { validationError } from './problem.ts';

/** A request body's bytes, and whether they came straight from Node's request stream. */
export interface BodyBytes {
  bytes: Buffer;
  fromNodeStream: boolean;
}

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
  return validateJson(parseJsonBytes(await readJsonBytes(c)), schema, fastPath);
}

/** The zod step of `readJsonBody`, for a body already parsed. */
export function validateJson<T>(
  json: unknown,
  schema: z.ZodType<T>,
  fastPath: (value: unknown) => value is T,
): T {
  if (fastPath(json)) return json;
  const result = schema.safeParse(json);
  if (!result.success) throw validationError(result.error, 'json');
  return result.data;
}

/**
 * The body's bytes after the content-type check (415). Under @hono/node-server, a body with a
 * content-length (already checked by the body limit) is read straight from Node's request stream:
 * building a WHATWG Request for it costs more than scoring.
 */
export async function readJsonBytes(c: Context): Promise<BodyBytes> {
  if (!isMediaType(c.req.header('content-type'), 'application/json')) {
    throw new HTTPException(415, { message: 'Unsupported Media Type' });
  }
  try {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && readsDirectly(c, incoming))
      return { bytes: await readAll(incoming), fromNodeStream: true };
    return { bytes: Buffer.from(await c.req.arrayBuffer()), fromNodeStream: false };
  } catch {
    throw new HTTPException(400, { message: 'Malformed JSON in request body' });
  }
}

/**
 * JSON.parse of the bytes (400 when malformed), decoded as each source always was: Node's stream as
 * UTF-8, a WHATWG Request as `Request.json()` does (UTF-8, byte-order mark dropped).
 */
export function parseJsonBytes({ bytes, fromNodeStream }: BodyBytes): unknown {
  try {
    return JSON.parse(fromNodeStream ? bytes.toString('utf8') : utf8.decode(bytes));
  } catch {
    throw new HTTPException(400, { message: 'Malformed JSON in request body' });
  }
}

const utf8 = new TextDecoder();

function readsDirectly(c: Context, incoming: IncomingMessage): boolean {
  return (
    c.req.header('content-length') !== undefined &&
    c.req.header('transfer-encoding') === undefined &&
    !incoming.readableDidRead
  );
}

function readAll(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    incoming.once('error', reject);
  });
}
