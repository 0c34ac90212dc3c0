import type { CustomerAnalysis } from './customerAnalysis.ts';
import { buildSegmentation, type CustomerSegmentation } from './customerSegmentation.ts';
import type { MixtureSegmentation } from './mixtureSegments.ts';

/**
 * The segments CLI's segmentation.json: the stored segmentation (what places one more customer,
 * the same object a customer-value bundle carries) plus the cut-off and the BG/NBD × Gamma-Gamma
 * fit behind it (what `simulate-policy` takes as model parameters).
 */
export type SegmentationArtifact = CustomerSegmentation & {
  cutOff: string;
  bgNbd: CustomerAnalysis['bgNbd'];
  gammaGamma: CustomerAnalysis['gammaGamma'];
};

export function segmentationArtifact(
  analysis: CustomerAnalysis,
  mixture: MixtureSegmentation,
  { cutOff, horizonDays }: { cutOff: string; horizonDays: number },
): SegmentationArtifact {
  const segmentation = buildSegmentation(
    analysis.population,
    { codes: analysis.segments, thresholds: analysis.thresholds, rfm: analysis.rfm, mixture },
    { measure: 'predictedRevenue', horizonDays },
  );
  return { ...segmentation, cutOff, bgNbd: analysis.bgNbd, gammaGamma: analysis.gammaGamma };
}
