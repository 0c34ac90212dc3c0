export { type BinnedMatrix, binMatrix, fitBinCuts, MAX_BINS, MISSING_BIN } from './binning.ts';
