import { describe, expect, it } from 'vitest';
import { type RequestRow, requestRowValues } from '../../src/monitoring/requestLog/requestRow.ts';
import { forEachRowValues, RowBatch } from '../../src/monitoring/requestLog/rowBatch.ts';

const base: RequestRow = {
  tsMs: 1_795_000_000_123,
  endpoint: '/churn',
  requestId: 'r-0',
  clientSessionId: 'web-ü',
  task: 'churn',
  modelVersion: 'v1',
  featureVersion: 'f1',
  features: Float64Array.of(1, Number.NaN, -0.5),
  prediction: 0.25,
  decision: 1,
  pageCount: 3,
  latencyMs: 0.75,
  status: 200,
  errorReason: null,
};

const decoded = (rows: RequestRow[]) => {
  const batch = new RowBatch();
  for (const row of rows) batch.append(row);
  const encoded = batch.take();
  expect(encoded.count).toBe(rows.length);
  expect(batch.count).toBe(0);
  const out: unknown[][] = [];
  forEachRowValues(encoded, (values) => out.push([...values]));
  return out;
};

describe('RowBatch: the encoded hand-over to the writer thread', () => {
  it('decodes every row to exactly the values requestRowValues binds, nulls and absent fields included', () => {
    const rows: RequestRow[] = [
      { ...base, survival: { expectedFurtherPages: 2.5, stillBrowsing: [0.9, 0.7, 0.5, 0.3, 0.1] } },
      {
        ...base,
        endpoint: '/session-value',
        task: 'session-value',
        decision: null,
        features: [0, 2.5],
        interval: { level: 0.9, low: 0, high: 12.125 },
      },
      {
        ...base,
        endpoint: '/customers/value',
        task: 'customer-value',
        features: null,
        featureVersion: null,
        pageCount: null,
        probabilityAlive: 0.5,
        lifetimeValue: 81.5,
        segment: 'loyal',
      },
      {
        ...base,
        features: null,
        prediction: null,
        decision: null,
        status: 422,
        errorReason: 'invalid:pages',
      },
      // A prediction of exactly 0 is not "absent".
      { ...base, prediction: 0, decision: 0, survival: null, interval: null },
    ];
    expect(decoded(rows)).toEqual(rows.map(requestRowValues));
  });

  it('grows past its first buffer and keeps every row (long feature vectors, many rows)', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      ...base,
      requestId: `r-${i}`,
      features: Float64Array.from({ length: 100 }, (_, j) => i * 1000 + j),
    }));
    expect(decoded(rows)).toEqual(rows.map(requestRowValues));
  });
});
