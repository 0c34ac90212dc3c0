export * from './simulateTransactions.ts';
export * from './writeTransactionsCsv.ts';
