import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/api/config.ts';
import { ModelStore } from '../../src/api/models/index.ts';
import { openRequestLog } from '../../src/monitoring/requestLog/index.ts';
import { SEED_MODELS_DIR } from '../../src/registry/index.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const { db } = openRequestLog(':memory:');
afterAll(() => db.close());

/** The README's `curl … /churn` body and the answer it shows after `# →`. */
function readmeExample(): { body: unknown; answer: string } {
  const match = README.match(
    /curl -s localhost:8080\/churn -H 'content-type: application\/json' -d '([^']+)'\n# → ([^`]+)```/,
  );
  if (!match) throw new Error('README.md no longer has the `curl … /churn` example followed by `# → …`.');
  return { body: JSON.parse(match[1] as string), answer: (match[2] as string).replace(/\n# +/g, ' ') };
}

const shown = (answer: string, key: string) => answer.match(new RegExp(`"${key}": ("[^"]*"|[^,}\\s]+)`))?.[1];

describe('the README example', () => {
  it('shows what the committed default churn model answers for its body', async () => {
    const { body, answer } = readmeExample();
    const logger = pino({ level: 'silent' });
    const models = new ModelStore({ modelsDir: SEED_MODELS_DIR, logger });
    models.reloadAll();
    const { app, close } = createApp({ config: loadConfig({}), db, models, logger });
    try {
      const res = await app.request('/churn', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      const served = (await res.json()) as {
        churnProbability: number;
        churn: boolean;
        threshold: number;
        topContributions: { feature: string; value: number; contribution: number }[];
      };
      expect(shown(answer, 'churnProbability')).toBe(served.churnProbability.toFixed(2));
      expect(shown(answer, 'churn')).toBe(String(served.churn));
      expect(shown(answer, 'threshold')).toBe(served.threshold.toFixed(2));
      expect(shown(answer, 'feature')).toBe(JSON.stringify(served.topContributions[0]?.feature));
      expect(shown(answer, 'value')).toBe(String(served.topContributions[0]?.value));
      expect(shown(answer, 'contribution')).toBe(served.topContributions[0]?.contribution.toFixed(2));
      expect(shown(answer, 'modelVersion')).toBe(JSON.stringify(models.get('churn')?.version));
    } finally {
      close();
    }
  });
});
