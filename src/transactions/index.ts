// The customer side's data layer: transaction readers (cdnow, online-retail, csv) and the simulator.
export * from './csvLine.ts';
export * from './dates.ts';
export * from './errors.ts';
export * from './formats.ts';
export * from './publicDatasets.ts';
export * from './readSummary.ts';
export * from './readTransactions.ts';
export * from './rejectReasons.ts';
export * from './simulator/index.ts';
export * from './transactionInput.ts';
export * from './transactionLog.ts';
export * from './transactionParser.ts';
