import { GradientBoostingClassifier } from '../../ml/boosting/index.ts';
import { loadPredictor } from '../../ml/inference/index.ts';
import { survivalCurve } from '../../ml/inference/survival.ts';
import { Matrix } from '../../ml/matrix.ts';
import { MAX_PAGE_ID } from '../../session/index.ts';
import type { SplitData, TrainingSplits } from '../data/splitTable.ts';

/** The horizon column the pages-ahead model adds to the features. */
export const PAGES_AHEAD_FEATURE = 'pagesAhead';
/** Horizons the report and the tests compare with Kaplan–Meier (the API answers the same k). */
export const SURVIVAL_HORIZONS = [1, 2, 3, 4, 5] as const;

/**
 * Pages still to come after each row (`further`) and whether the session's end was seen (`exited`;
 * otherwise `further` is a lower bound: the log stopped first). Rows are in session and page order.
 */
export function pagesToExit(split: Pick<SplitData, 'churn' | 'sessionId'>): {
  further: Int32Array;
  exited: Uint8Array;
} {
  const n = split.churn.length;
  const further = new Int32Array(n);
  const exited = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const lastOfSession = i === n - 1 || split.sessionId[i + 1] !== split.sessionId[i];
    if (split.churn[i] === 1 || lastOfSession) {
      further[i] = 0;
      exited[i] = split.churn[i] === 1 ? 1 : 0;
    } else {
      further[i] = further[i + 1] + 1;
      exited[i] = exited[i + 1];
    }
  }
  return { further, exited };
}

/**
 * Person-period rows for horizons j = 2 … of every row still at risk: (features, j) with label
 * 1[at least j more pages], kept only where the outcome is known (a censored row leaves the risk set).
 */
function personPeriod(split: SplitData): { X: Matrix; y: Float64Array } {
  const { further, exited } = pagesToExit(split);
  const rows: number[] = [];
  const horizons: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < split.rows; i++) {
    for (let j = 2; j <= MAX_PAGE_ID; j++) {
      if (further[i] < j - 1) break; // not at risk: gone (or censored) before
      if (further[i] === j - 1 && exited[i] === 0) break; // censored: outcome at j unknown
      rows.push(i);
      horizons.push(j);
      labels.push(further[i] >= j ? 1 : 0);
    }
  }
  const base = split.X.takeRows(rows);
  return {
    X: new Matrix(
      [...base.featureNames, PAGES_AHEAD_FEATURE],
      [...base.columns, Float64Array.from(horizons)],
    ),
    y: Float64Array.from(labels),
  };
}

/**
 * Fit the pages-ahead hazard model on the training rows (early stopping on validation rows). Its
 * artifact goes into the churn bundle (`survival`), beside the churn model that gives horizon 1.
 */
export function fitPagesAhead(splits: TrainingSplits, seed: number): GradientBoostingClassifier {
  const train = personPeriod(splits.train);
  const validation = personPeriod(splits.validation);
  return new GradientBoostingClassifier({
    nEstimators: 150,
    learningRate: 0.1,
    maxDepth: null,
    maxLeaves: 15,
    subsample: 0.8,
    colsampleBytree: 0.8,
    earlyStoppingRounds: 20,
    seed,
  }).fit(train.X, train.y, { validation });
}

/**
 * Kaplan–Meier estimate of P(at least k more pages) over the rows of a split, k = 1 … maxK: the
 * product of the conditional survival at each horizon over the rows still at risk there.
 */
export function kaplanMeier(split: Pick<SplitData, 'churn' | 'sessionId'>, maxK: number): Float64Array {
  const { further, exited } = pagesToExit(split);
  const curve = new Float64Array(maxK);
  let survival = 1;
  for (let j = 1; j <= maxK; j++) {
    let atRisk = 0;
    let survived = 0;
    for (let i = 0; i < further.length; i++) {
      if (further[i] >= j) {
        atRisk++;
        survived++;
      } else if (further[i] === j - 1 && exited[i] === 1) atRisk++;
    }
    survival *= atRisk > 0 ? survived / atRisk : 0;
    curve[j - 1] = survival;
  }
  return curve;
}

/** Mean predicted P(at least k more pages) over a split's rows, k = 1 … maxK. */
export function meanSurvivalCurve(
  split: SplitData,
  churnProbability: Float64Array,
  pagesAhead: GradientBoostingClassifier,
  maxK: number,
): Float64Array {
  const predictor = loadPredictor(pagesAhead.toJSON());
  const pageIdColumn = split.X.columns[split.X.featureNames.indexOf('pageId')];
  const mean = new Float64Array(maxK);
  const row = new Float64Array(split.X.nCols);
  for (let i = 0; i < split.rows; i++) {
    split.X.row(i, row);
    const curve = survivalCurve(
      churnProbability[i],
      predictor,
      row,
      Math.min(maxK, MAX_PAGE_ID - pageIdColumn[i]),
    );
    for (let k = 0; k < curve.length; k++) mean[k] += curve[k] / split.rows;
  }
  return mean;
}
