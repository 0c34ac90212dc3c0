import type { CustomerAnalysis } from './customerAnalysis.ts';
import type { MixtureSegmentation } from './mixtureSegments.ts';
import type { SegmentThresholds } from './namedSegments.ts';
import { SEGMENT_NAMES } from './segmentConfig.ts';

/**
 * Everything needed to place one more customer into the segments later, as plain JSON: the named
 * segments' thresholds and the mixture with its scaling.
 */
export interface SegmentationArtifact {
  kind: 'customer-segmentation';
  schemaVersion: 1;
  cutOff: string;
  horizonDays: number;
  segmentNames: readonly string[];
  thresholds: SegmentThresholds;
  mixture: Pick<MixtureSegmentation, 'artifact' | 'scaling' | 'componentOfCluster'>;
  bgNbd: CustomerAnalysis['bgNbd'];
  gammaGamma: CustomerAnalysis['gammaGamma'];
}

export function segmentationArtifact(
  analysis: CustomerAnalysis,
  mixture: MixtureSegmentation,
  { cutOff, horizonDays }: { cutOff: string; horizonDays: number },
): SegmentationArtifact {
  return {
    kind: 'customer-segmentation',
    schemaVersion: 1,
    cutOff,
    horizonDays,
    segmentNames: SEGMENT_NAMES,
    thresholds: analysis.thresholds,
    mixture: {
      artifact: mixture.artifact,
      scaling: mixture.scaling,
      componentOfCluster: mixture.componentOfCluster,
    },
    bgNbd: analysis.bgNbd,
    gammaGamma: analysis.gammaGamma,
  };
}
