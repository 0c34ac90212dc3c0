import cliProgress from 'cli-progress';

/** What training tells the person watching: one line or bar per model, then a summary. */
export interface TrainingProgress {
  /** A model starts fitting; `total` is its number of steps when known (boosting rounds, trees). */
  modelStarted(label: string): void;
  /** Steps done of the current model (drives the bar). */
  modelStep(done: number, total: number): void;
  modelFinished(label: string, summary: string): void;
  log(line: string): void;
}

/** Progress that prints nothing (tests, library use). */
export const SILENT_PROGRESS: TrainingProgress = {
  modelStarted() {},
  modelStep() {},
  modelFinished() {},
  log() {},
};

/**
 * Progress on a terminal stream: a cli-progress bar per model on a TTY, plain lines otherwise
 * (CI logs, files), so logs stay readable and bars stay live.
 *
 * @example
 * const progress = consoleProgress(process.stderr);
 */
export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): TrainingProgress {
  const isTty = Boolean(stream.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let started = 0;
  let current = '';
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  return {
    modelStarted(label) {
      current = label;
      started = performance.now();
      if (!isTty) stream.write(`${label}: fitting…\n`);
    },
    modelStep(done, total) {
      if (!isTty) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `${current.padEnd(34)} [{bar}] {value}/{total} | {duration_formatted}`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.setTotal(total);
      bar.update(done);
    },
    modelFinished(label, summary) {
      stopBar();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      stream.write(`${label}: ${summary} (${seconds} s)\n`);
    },
    log(line) {
      stopBar();
      stream.write(`${line}\n`);
    },
  };
}
