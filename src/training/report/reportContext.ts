import type { DataFingerprint } from '../../registry/index.ts';

/** What a report says about the run beside the models themselves. */
export interface ReportContext {
  version: string;
  createdAt: string;
  featureVersion: string;
  featureCount: number;
  codeVersion: string | null;
  splits: Record<'train' | 'validation' | 'test', { rows: number; sessions: number }>;
  dataFingerprint: DataFingerprint;
  /** The command that reproduces the run. */
  command: string;
  useGrid: boolean;
}
