export * from './gammaDraws.ts';
export * from './simulateTransactions.ts';
export * from './writeTransactionsCsv.ts';
