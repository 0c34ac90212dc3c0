// Customer-level probabilistic models (BG/NBD, Pareto/NBD, Gamma-Gamma) and their special functions and optimiser.
export * from './BgNbdModel.ts';
export * from './bgNbd.ts';
export * from './customerValue.ts';
export * from './fitReport.ts';
export * from './GammaGammaModel.ts';
export * from './gammaGamma.ts';
export * from './historyGroups.ts';
export * from './hyp2f1Shifted.ts';
export * from './lifetimeValue.ts';
export * from './maximumLikelihood.ts';
export * from './minimizeBfgs.ts';
export * from './ParetoNbdModel.ts';
export * from './paretoNbd.ts';
export * from './repeatPurchaseData.ts';
export * from './specialFunctions.ts';
