// The customer side's features layer: timelines, the summary at a cut-off and the targets after it.
export * from './customerSummary.ts';
export * from './features.ts';
export * from './targets.ts';
export * from './timelines.ts';
