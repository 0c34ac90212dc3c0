import { z } from 'zod';
import type { Predictor } from '../estimator.ts';
import {
  expandTermsInto,
  linearScore,
  type PackedTerms,
  packTerms,
  sigmoid,
  standardiseInto,
} from './linearScore.ts';
import { parseArtifact } from './parseArtifact.ts';

/**
 * Serving code of the linear artifact kinds. Every kind scores `intercept + Σ coef·u` where u are
 * standardised inputs (linear, logistic) or standardised polynomial terms of standardised inputs
 * (polynomial); the estimators predict through these same predictors, so a JSON round-trip
 * predicts bit-identically.
 */
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = z.number().refine((v) => Number.isFinite(v) && v > 0, 'must be a finite number > 0');

/**
 * Coefficients act on standardised inputs, so even a revenue model's stay far below this; larger
 * ones come from a diverged or corrupted fit and would answer absurd or infinite amounts.
 */
const MAX_COEFFICIENT = 1e12;
const coefficient = finite.refine(
  (v) => Math.abs(v) <= MAX_COEFFICIENT,
  `must be at most ${MAX_COEFFICIENT} in magnitude (a larger one means a diverged fit; retrain)`,
);

const standardisedState = {
  inputMeans: z.array(finite),
  inputScales: z.array(positive),
  coefficients: z.array(coefficient),
  intercept: coefficient,
};

function artifactSchema<K extends string, S extends z.ZodRawShape>(kind: K, state: S) {
  return z.object({
    kind: z.literal(kind),
    schemaVersion: z.literal(1),
    featureNames: z.array(z.string()).min(1),
    params: z.record(z.string(), z.unknown()),
    state: z.object(state),
  });
}

const linearSchema = artifactSchema('linear-regression', standardisedState);
const logisticSchema = artifactSchema('logistic-regression', {
  ...standardisedState,
  converged: z.boolean(),
  nIterations: z.number().int().min(0),
});
const polynomialSchema = artifactSchema('polynomial-regression', {
  ...standardisedState,
  terms: z.array(z.array(z.number().int().min(0)).min(1)).min(1),
  termMeans: z.array(finite),
  termScales: z.array(positive),
});

function requireLength(kind: string, field: string, actual: number, expected: number, of: string): void {
  if (actual !== expected) {
    throw new Error(
      `Invalid ${kind} artifact: state.${field} has ${actual} entries, expected ${expected} (${of}).`,
    );
  }
}

function checkRowLength(kind: string, featureNames: readonly string[], x: Float64Array): void {
  if (x.length !== featureNames.length) {
    throw new Error(
      `${kind}: row has ${x.length} values but the model expects ${featureNames.length} (${featureNames.slice(0, 3).join(', ')}, …).`,
    );
  }
}

interface LinearParts {
  kind: string;
  featureNames: string[];
  inputMeans: Float64Array;
  inputScales: Float64Array;
  coefficients: Float64Array;
  intercept: number;
  /** Present for polynomial models only. */
  terms?: { packed: PackedTerms; means: Float64Array; scales: Float64Array };
  inverseLink: (score: number) => number;
}

/** One predictor for all three kinds; buffers are reused across calls (serving is single-threaded). */
function makePredictor(parts: LinearParts): Predictor {
  const { kind, featureNames, inputMeans, inputScales, coefficients, intercept, terms, inverseLink } = parts;
  const nInputs = featureNames.length;
  const z = new Float64Array(nInputs);
  const raw = terms ? new Float64Array(coefficients.length) : z;
  const u = terms ? new Float64Array(coefficients.length) : z;
  const design = (x: Float64Array): Float64Array => {
    checkRowLength(kind, featureNames, x);
    standardiseInto(x, inputMeans, inputScales, z);
    if (!terms) return z;
    expandTermsInto(z, terms.packed, raw);
    return standardiseInto(raw, terms.means, terms.scales, u);
  };
  return {
    kind,
    featureNames,
    predictRow(x: Float64Array): number {
      return inverseLink(linearScore(design(x), coefficients, intercept));
    },
    /** coef × standardised value per feature; a polynomial term's share is split over its factors. */
    explainRow(x: Float64Array) {
      const values = design(x);
      const prediction = inverseLink(linearScore(values, coefficients, intercept));
      const contributions = new Float64Array(nInputs);
      if (!terms) {
        for (let j = 0; j < nInputs; j++) contributions[j] = coefficients[j] * values[j];
      } else {
        const { offsets, features } = terms.packed;
        for (let k = 0; k < coefficients.length; k++) {
          const share = (coefficients[k] * values[k]) / (offsets[k + 1] - offsets[k]);
          for (let m = offsets[k]; m < offsets[k + 1]; m++) contributions[features[m]] += share;
        }
      }
      return { prediction, bias: intercept, contributions };
    },
  };
}

type StandardisedState = z.infer<typeof linearSchema>['state'];

function standardisedParts(
  kind: string,
  featureNames: string[],
  state: StandardisedState,
  nCoefficients: number,
) {
  const n = featureNames.length;
  const duplicate = featureNames.find((name, j) => featureNames.indexOf(name) !== j);
  if (duplicate !== undefined) {
    throw new Error(
      `Invalid ${kind} artifact: feature "${duplicate}" appears twice in featureNames; names must be unique.`,
    );
  }
  requireLength(kind, 'inputMeans', state.inputMeans.length, n, 'one per feature');
  requireLength(kind, 'inputScales', state.inputScales.length, n, 'one per feature');
  requireLength(kind, 'coefficients', state.coefficients.length, nCoefficients, 'one per term');
  return {
    kind,
    featureNames,
    inputMeans: Float64Array.from(state.inputMeans),
    inputScales: Float64Array.from(state.inputScales),
    coefficients: Float64Array.from(state.coefficients),
    intercept: state.intercept,
  };
}

function loadLinear(artifact: unknown): Predictor {
  const a = parseArtifact(linearSchema, artifact, 'linear-regression');
  const parts = standardisedParts(a.kind, a.featureNames, a.state, a.featureNames.length);
  return makePredictor({ ...parts, inverseLink: (s) => s });
}

function loadLogistic(artifact: unknown): Predictor {
  const a = parseArtifact(logisticSchema, artifact, 'logistic-regression');
  const parts = standardisedParts(a.kind, a.featureNames, a.state, a.featureNames.length);
  return makePredictor({ ...parts, inverseLink: sigmoid });
}

function loadPolynomial(artifact: unknown): Predictor {
  const kind = 'polynomial-regression';
  const a = parseArtifact(polynomialSchema, artifact, kind);
  const nTerms = a.state.terms.length;
  const parts = standardisedParts(kind, a.featureNames, a.state, nTerms);
  requireLength(kind, 'termMeans', a.state.termMeans.length, nTerms, 'one per term');
  requireLength(kind, 'termScales', a.state.termScales.length, nTerms, 'one per term');
  a.state.terms.forEach((term, k) => {
    const bad = term.find((f) => f >= a.featureNames.length);
    if (bad !== undefined) {
      throw new Error(
        `Invalid ${kind} artifact: term ${k} uses feature ${bad}, but there are ${a.featureNames.length} features.`,
      );
    }
  });
  const terms = {
    packed: packTerms(a.state.terms),
    means: Float64Array.from(a.state.termMeans),
    scales: Float64Array.from(a.state.termScales),
  };
  return makePredictor({ ...parts, terms, inverseLink: (s) => s });
}

/**
 * Predictor factories for the linear artifact kinds, merged into `loadPredictor`.
 *
 * @example
 * const predictor = LINEAR_PREDICTORS['logistic-regression'](JSON.parse(text));
 * predictor.predictRow(Float64Array.from(features)); // P(churn)
 */
export const LINEAR_PREDICTORS: Record<string, (artifact: unknown) => Predictor> = {
  'linear-regression': loadLinear,
  'logistic-regression': loadLogistic,
  'polynomial-regression': loadPolynomial,
};
