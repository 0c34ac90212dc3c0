/** Where a long prepare run is, for progress bars and periodic lines. */
export interface PrepareProgress {
  phase: 'scan' | 'featurize';
  bytesDone: number;
  bytesTotal: number;
  pages: number;
}

export type PrepareProgressCallback = (progress: Readonly<PrepareProgress>) => void;
