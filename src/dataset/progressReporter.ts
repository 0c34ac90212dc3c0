import { Presets, SingleBar } from 'cli-progress';
import type { PrepareProgress, PrepareProgressCallback } from './progress.ts';

/** A reporter: the callback for the pipeline and a `stop()` for the end of the run. */
export interface ProgressReporter {
  update: PrepareProgressCallback;
  stop(): void;
}

/**
 * A progress bar (bytes read, pages/s) on a terminal; plain lines every `intervalMs` otherwise (logs
 * of CI and cron jobs stay readable).
 *
 * @example
 * const progress = createProgressReporter({ isTTY: process.stderr.isTTY, write: (l) => process.stderr.write(l) });
 */
export function createProgressReporter({
  isTTY,
  write,
  intervalMs = 5000,
}: {
  isTTY: boolean;
  write: (text: string) => void;
  intervalMs?: number;
}): ProgressReporter {
  let phase: PrepareProgress['phase'] | null = null;
  let phaseStartMs = 0;
  let lastLineMs = 0;
  let bar: SingleBar | null = null;

  // Rates count from the first update of the phase (its first chunk is already read by then).
  let bytesAtStart = 0;
  let pagesAtStart = 0;
  const rate = (progress: Readonly<PrepareProgress>) => {
    const seconds = Math.max((performance.now() - phaseStartMs) / 1000, 1e-3);
    return {
      mbPerS: (progress.bytesDone - bytesAtStart) / 1e6 / seconds,
      pagesPerS: (progress.pages - pagesAtStart) / seconds,
    };
  };

  return {
    update: function reportProgress(progress) {
      if (progress.phase !== phase) {
        bar?.stop();
        phase = progress.phase;
        phaseStartMs = performance.now();
        lastLineMs = phaseStartMs;
        bytesAtStart = progress.bytesDone;
        pagesAtStart = progress.pages;
      }
      const { mbPerS, pagesPerS } = rate(progress);
      const values = {
        doneMB: (progress.bytesDone / 1e6).toFixed(0),
        totalMB: (progress.bytesTotal / 1e6).toFixed(0),
        mbPerS: mbPerS.toFixed(1),
        pagesPerS: Math.round(pagesPerS),
      };
      // A new bar at a phase change, or after stop() made room for a message in the middle of one.
      if (bar === null && isTTY) {
        bar = new SingleBar(
          {
            format: `${phase.padEnd(9)} [{bar}] {percentage}% | {doneMB}/{totalMB} MB | {mbPerS} MB/s | {pagesPerS} pages/s | eta {eta_formatted}`,
            stream: process.stderr,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(Math.max(progress.bytesTotal, 1), progress.bytesDone, values);
      }
      if (bar !== null) {
        bar.update(progress.bytesDone, values);
      } else if (performance.now() - lastLineMs >= intervalMs) {
        lastLineMs = performance.now();
        const percent = progress.bytesTotal === 0 ? 100 : (100 * progress.bytesDone) / progress.bytesTotal;
        write(
          `${phase}: ${percent.toFixed(0)} % (${values.doneMB}/${values.totalMB} MB), ${progress.pages} pages, ` +
            `${values.mbPerS} MB/s, ${values.pagesPerS} pages/s\n`,
        );
      }
    },
    stop: function stopProgress() {
      bar?.stop();
      bar = null;
    },
  };
}
