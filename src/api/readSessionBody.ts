import type { Context } from 'hono';
import { toObservedSession } from '../session/index.ts';
import { type ParsedSession, parseSessionBytes } from './parseSessionBytes.ts';
import { parseJsonBytes, readJsonBytes, validateJson } from './readJsonBody.ts';
import { SessionSchema } from './schemas/session.ts';
import { passesSessionFastPath } from './schemas/sessionFastPath.ts';

/**
 * Read a POST /churn or /session-value body into the feature input: the byte parser takes the
 * common case without building the JSON tree; anything it does not vouch for goes through
 * JSON.parse, the fast path and the zod schema exactly as `readJsonBody` (same 400/415/422
 * answers).
 *
 * @example
 * const { sessionId, session } = await readSessionBody(c);
 */
export async function readSessionBody(c: Context): Promise<ParsedSession> {
  const body = await readJsonBytes(c);
  const parsed = parseSessionBytes(body.bytes);
  if (parsed) return parsed;
  const session = validateJson(parseJsonBytes(body), SessionSchema, passesSessionFastPath);
  return { sessionId: session.sessionId ?? null, session: toObservedSession(session) };
}
