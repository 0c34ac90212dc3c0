import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { summarizeCustomers } from '../../src/customers/index.ts';
import {
  BgNbdModel,
  bgNbdConditionalExpectedPurchases,
  GammaGammaModel,
  ParetoNbdModel,
} from '../../src/ml/clv/index.ts';
import { parseIsoDateOption, readTransactions } from '../../src/transactions/index.ts';
import { datasetPath, describeWithDatasets } from '../transactions/datasets.ts';

/** The papers' calibration summary: ID,x,t_x,T,zbar (weeks, cut-off 1997-09-30), rounded to 0.01. */
function readPapersSummary() {
  const rows = readFileSync(datasetPath('cdnow/cdnow_customers_summary_with_transactions.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.trim().split(','));
  const column = (j: number) => Float64Array.from(rows, (row) => Number(row[j]));
  return { ids: rows.map((row) => row[0]!), x: column(1), tx: column(2), T: column(3), zbar: column(4) };
}

const within = (value: number, expected: number, relative: number) =>
  expect(Math.abs(value / expected - 1)).toBeLessThanOrEqual(relative);

describeWithDatasets('CDNOW acceptance numbers (Fader, Hardie & Lee 2005)', () => {
  let papers: ReturnType<typeof readPapersSummary>;
  beforeAll(() => {
    papers = readPapersSummary();
  });

  it('reproduces the papers’ calibration summary from CDNOW_sample.txt, every customer to 0.01', async () => {
    const { log } = await readTransactions(datasetPath('cdnow/CDNOW_sample.txt'), { format: 'cdnow-sample' });
    const ours = summarizeCustomers(log, {
      calibrationEnd: parseIsoDateOption('1997-09-30', 'cut-off'),
      timeUnit: 'weeks',
    });
    expect(ours.customerIds.length).toBe(2357);
    const row = new Map(ours.customerIds.map((id, i) => [id, i]));
    // The file rounds to cents/hundredths of a week: equal means within half a unit (plus float slack).
    const halfCent = 0.005 + 1e-9;
    let mismatches = 0;
    papers.ids.forEach((id, k) => {
      const i = row.get(id);
      const same =
        i !== undefined &&
        ours.x[i] === papers.x[k] &&
        Math.abs(ours.tx[i]! - papers.tx[k]!) <= halfCent &&
        Math.abs(ours.T[i]! - papers.T[k]!) <= halfCent &&
        Math.abs(ours.zbar[i]! - papers.zbar[k]!) <= halfCent;
      if (!same) mismatches++;
    });
    expect(mismatches).toBe(0);
  });

  it('fits BG/NBD to r, α, a, b within 0.5 % and the log-likelihood within 0.05', () => {
    const model = new BgNbdModel().fit(papers);
    const { r, alpha, a, b, logLikelihood, converged } = model.toJSON().state;
    expect(converged).toBe(true);
    within(r, 0.2426, 0.005);
    within(alpha, 4.4135, 0.005);
    within(a, 0.7929, 0.005);
    within(b, 2.4258, 0.005);
    expect(Math.abs(logLikelihood - -9582.43)).toBeLessThanOrEqual(0.05);
  });

  it('expects 1.226 ± 0.001 purchases in 39 weeks for x = 2, tx = 30.43, T = 38.86', () => {
    const model = new BgNbdModel().fit(papers);
    expect(
      Math.abs(bgNbdConditionalExpectedPurchases(model.parameters, 39, 2, 30.43, 38.86) - 1.226),
    ).toBeLessThanOrEqual(0.001);
  });

  it('fits Pareto/NBD to the published r, α, s, β within 0.5 % and the log-likelihood within 0.05', () => {
    // BTYD's pnbd.EstimateParameters on this calibration data: 0.5533971, 10.5801985, 0.6060625,
    // 11.6562237, LL −9594.976 (Fader, Hardie & Lee 2005 report 0.553, 10.578, 0.606, 11.669, LL −9595.0;
    // CLVTools 0.5532, 10.5763, 0.6063, 11.6715): the likelihood is flat along β, hence the spread.
    const model = new ParetoNbdModel().fit(papers);
    const { r, alpha, s, beta, logLikelihood, converged } = model.toJSON().state;
    expect(converged).toBe(true);
    within(r, 0.5534, 0.005);
    within(alpha, 10.5802, 0.005);
    within(s, 0.6061, 0.005);
    within(beta, 11.6562, 0.005);
    expect(Math.abs(logLikelihood - -9594.976)).toBeLessThanOrEqual(0.05);
    // Pareto/NBD's extra freedom costs 12.5 log-likelihood points against BG/NBD here (FHL 2005, Table 1).
    expect(logLikelihood).toBeLessThan(new BgNbdModel().fit(papers).toJSON().state.logLikelihood);
  });

  it('fits Gamma-Gamma on the 946 repeat buyers to p, q, v within 1 % and the log-likelihood within 0.05', () => {
    const model = new GammaGammaModel().fit(papers);
    const { p, q, v, logLikelihood, customers } = model.toJSON().state;
    expect(customers).toBe(946);
    within(p, 6.2488, 0.01);
    within(q, 3.7446, 0.01);
    within(v, 15.4477, 0.01);
    expect(Math.abs(logLikelihood - -4055.92)).toBeLessThanOrEqual(0.05);
  });
});
