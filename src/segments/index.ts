// The customer side's segments: RFM, named segments, mixture clusters, cohorts and the LTV proxy.
export * from './cohorts.ts';
export * from './customerAnalysis.ts';
export * from './customerSegmentation.ts';
export * from './ltvProxy.ts';
export * from './mixtureSegments.ts';
export * from './namedSegments.ts';
export * from './rfm.ts';
export * from './segmentationArtifact.ts';
export * from './segmentConfig.ts';
