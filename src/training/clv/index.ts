// Customer-value training: the chronological design, fits, holdout evaluation, report and registry version.
export * from './customerDesign.ts';
export * from './customerValueConfig.ts';
export * from './customerValueFigures.ts';
export * from './customerValueReport.ts';
export * from './defaultCustomerModel.ts';
export * from './evaluateCustomerValue.ts';
export * from './paretoNbdComparison.ts';
export * from './scoreCustomers.ts';
export * from './trainCustomerValue.ts';
export * from './writeCustomerValueVersion.ts';
