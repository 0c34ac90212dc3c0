import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startThread } from '../../src/ml/startThread.ts';

const ECHO_THREAD = new URL('./helpers/echoThread.ts', import.meta.url);

describe('startThread, the one worker-thread bootstrap', () => {
  it('runs a TypeScript module as the thread, with its workerData and each module its own import.meta.url', async () => {
    const worker = startThread(ECHO_THREAD, { workerData: { answer: 42 } });
    const [message] = await once(worker, 'message');
    expect(message).toEqual({
      workerData: { answer: 42 },
      entryUrl: ECHO_THREAD.href,
      nestedUrl: new URL('./helpers/nested/whereAmI.ts', import.meta.url).href,
    });
    await worker.terminate();
  });

  it('starts a second thread of the same module (from the bundle it already made)', async () => {
    const worker = startThread(ECHO_THREAD, { workerData: 'again' });
    const [message] = await once(worker, 'message');
    expect(message.workerData).toBe('again');
    await worker.terminate();
  });
});
