import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { CUSTOMER_TASK } from '../../src/registry/index.ts';
import { loggedRows, startTestService, type TestService } from '../api/helpers/testService.ts';
import { describeLoggedAnswers } from './helpers/loggedAnswers.ts';

let service: TestService;
beforeAll(() => {
  service = startTestService();
  cpSync('models/customer-value', join(service.modelsDir, CUSTOMER_TASK), { recursive: true });
  service.models.reloadAll();
});
afterAll(() => service.stop());

describeLoggedAnswers('SQLite', () => ({
  server: service.server,
  async rowOf(requestId) {
    const row = loggedRows(service).find((r) => r.request_id === requestId);
    if (!row) throw new Error(`no log row for ${requestId}`);
    return row;
  },
}));
