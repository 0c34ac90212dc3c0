import { expect, it } from 'vitest';
import { formatDay, PUBLIC_DATASETS, readTransactions } from '../../src/transactions/index.ts';
import { datasetPath, describeWithDatasets } from './datasets.ts';

describeWithDatasets('the public transaction files, read in place', () => {
  it('CDNOW master: 69,659 transactions of 23,570 customers, 1997-01-01 … 1998-06-30, nothing rejected', async () => {
    const { file, format } = PUBLIC_DATASETS['cdnow-master'];
    const { summary } = await readTransactions(datasetPath(file), { format });
    expect(summary).toMatchObject({
      linesRead: 69_660,
      transactions: 69_659,
      customers: 23_570,
      rejectedTotal: 0,
    });
    expect([formatDay(summary.firstDay!), formatDay(summary.lastDay!)]).toEqual(['1997-01-01', '1998-06-30']);
  });

  it('Online Retail: its 18,536 non-cancelled invoices, lines without a customer rejected by reason', async () => {
    const { file, format } = PUBLIC_DATASETS['online-retail'];
    const { summary } = await readTransactions(datasetPath(file), { format });
    // 22,190 invoices of which 3,654 are cancellations (the data set's README).
    expect(summary.transactions).toBe(22_190 - 3_654);
    expect(summary.linesRead).toBe(541_910);
    // 135,080 lines have no CustomerID; 385 of them are cancellation lines, counted as cancellations.
    expect(summary.rejected['missing-customer']).toBe(135_080 - 385);
    expect(summary.rejected['negative-amount']).toBe(2); // the two "Adjust bad debt" lines (price −11,062.06)
    expect(summary.cancellationLines).toBe(9_288);
    expect(summary.linesKept + summary.rejectedTotal + summary.cancellationLines).toBe(541_909);
    // 4,372 customers in all; 33 of them only ever cancelled.
    expect(summary.customers).toBe(4_339);
    expect([formatDay(summary.firstDay!), formatDay(summary.lastDay!)]).toEqual(['2010-12-01', '2011-12-09']);
  });
});
