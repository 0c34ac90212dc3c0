import { describe, expect, it, vi } from 'vitest';
import { parseSessionBytes } from '../../src/api/parseSessionBytes.ts';
import { SESSION_EXAMPLE, SessionSchema } from '../../src/api/schemas/session.ts';
import { passesSessionFastPath } from '../../src/api/schemas/sessionFastPath.ts';
import { MAX_HOUR, MAX_POSITION, MAX_SESSION_ID_LENGTH } from '../../src/session/limits.ts';

// The limits module with three limits tightened: every check that reads its limits from there
// must follow, with no other change.
vi.mock('../../src/session/limits.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/session/limits.ts')>()),
  MAX_HOUR: 12,
  MAX_POSITION: 100,
  MAX_SESSION_ID_LENGTH: 8,
}));

/** What each of the three API checks says of a body: accepted or not. */
function verdicts(body: unknown) {
  return {
    schema: SessionSchema.safeParse(body).success,
    fastPath: passesSessionFastPath(body),
    byteParser: parseSessionBytes(Buffer.from(JSON.stringify(body))) !== null,
  };
}
const ALL_ACCEPT = { schema: true, fastPath: true, byteParser: true };
const ALL_REFUSE = { schema: false, fastPath: false, byteParser: false };

const example = { ...SESSION_EXAMPLE, sessionId: 'web-1' };

describe('session limits have one home', () => {
  it('sees the changed limits through the module', () => {
    expect([MAX_HOUR, MAX_POSITION, MAX_SESSION_ID_LENGTH]).toEqual([12, 100, 8]);
  });

  it('a body within the changed limits passes the zod schema, the fast-path check and the byte parser', () => {
    expect(verdicts({ ...example, hour: 12 })).toEqual(ALL_ACCEPT);
  });

  it('a lower hour limit refuses hour 13 in all three', () => {
    expect(verdicts({ ...example, hour: 13 })).toEqual(ALL_REFUSE);
  });

  it('a lower position limit refuses an item at position 101 in all three', () => {
    const pages = [{ items: [{ ...example.pages[0].items[0], position: 101 }] }];
    expect(verdicts({ ...example, hour: 9, pages })).toEqual(ALL_REFUSE);
  });

  it('a shorter session id limit refuses a nine-character id in all three', () => {
    expect(verdicts({ ...example, hour: 9, sessionId: 'web-12345' })).toEqual(ALL_REFUSE);
  });
});
