import { BaseRegressor } from '../baseEstimator.ts';
import { checkCount } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import { packTerms } from '../inference/linearScore.ts';
import { GRAM_BLOCK_ROWS } from '../linalg/index.ts';
import type { Matrix } from '../matrix.ts';
import { checkLinearData, checkNumber } from './checkData.ts';
import type { StandardisedLinearState } from './LinearRegression.ts';
import { PolynomialDesign } from './polynomialDesign.ts';
import { polynomialTerms } from './polynomialTerms.ts';
import { fitRidge } from './ridge.ts';
import { StandardisationAccumulator, snapConstantColumns } from './standardisation.ts';

export interface PolynomialRegressionParams {
  /** Highest total degree of a term (2 = squares and pairwise products). */
  degree: number;
  /** Only products of distinct features (x₀x₁, never x₀²). */
  interactionOnly: boolean;
  /** Ridge penalty α on the standardised term coefficients; some penalty is wise with many terms. */
  alpha: number;
  /**
   * Names of the features that get higher-order terms (null = all). Every feature still enters
   * linearly; this is how the model stays usable at 40+ inputs (e.g. the 8 strongest features).
   */
  features: string[] | null;
  /** Refuse expansions with more terms than this (fit cost ∝ rows × terms², memory ∝ terms²). */
  maxTerms: number;
}

export const POLYNOMIAL_REGRESSION_DEFAULTS: PolynomialRegressionParams = {
  degree: 2,
  interactionOnly: false,
  alpha: 1,
  features: null,
  maxTerms: 1000,
};

export interface PolynomialRegressionState extends StandardisedLinearState {
  /** Each term is a list of input indices to multiply (on standardised inputs). */
  terms: number[][];
  termMeans: number[];
  termScales: number[];
}

export type PolynomialRegressionArtifact = ModelArtifact<
  'polynomial-regression',
  PolynomialRegressionParams,
  PolynomialRegressionState
>;

/**
 * Ridge regression on a degree-d polynomial expansion of the standardised inputs. The terms are
 * standardised again before the penalty, the intercept is unpenalised, and rows stream through
 * the exact Cholesky solver without ever materialising the n × terms design matrix.
 *
 * @example
 * const model = new PolynomialRegression({ degree: 2, features: ['pageCount', 'cartValueYuan'] }).fit(X, y);
 */
export class PolynomialRegression extends BaseRegressor<
  PolynomialRegressionParams,
  PolynomialRegressionArtifact
> {
  constructor(params: Partial<PolynomialRegressionParams> = {}) {
    super('PolynomialRegression', { ...POLYNOMIAL_REGRESSION_DEFAULTS, ...params });
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const model = 'PolynomialRegression';
    const { degree, interactionOnly, alpha, features, maxTerms } = this.params;
    checkCount(model, 'degree', degree, 1);
    checkCount(model, 'maxTerms', maxTerms, 1);
    checkNumber(model, 'alpha', alpha, 0, false);
    const weight = checkLinearData(model, X, y, 'real', options.sampleWeight);
    const expandable = (features ?? X.featureNames).map((name) => {
      const j = X.featureNames.indexOf(name);
      if (j < 0) throw new Error(`${model}: features lists "${name}", which is not a column of X.`);
      return j;
    });
    const terms = polynomialTerms(X.nCols, expandable, degree, interactionOnly, maxTerms);
    const packed = packTerms(terms);
    const nTerms = terms.length;

    const inputs = new StandardisationAccumulator(X.nCols);
    inputs.addColumns(X.columns, weight);
    const inputStats = inputs.finish({ scale: true, model, columnName: (j) => X.featureNames[j] });
    const { means: inputMeans, scales: inputScales } = inputStats;
    const design = new PolynomialDesign(
      snapConstantColumns(X, inputStats),
      inputMeans,
      inputScales,
      packed,
      GRAM_BLOCK_ROWS,
    );
    const termName = (k: number) => terms[k].map((j) => X.featureNames[j]).join('·');

    const termStats = new StandardisationAccumulator(nTerms);
    for (let start = 0; start < X.nRows; start += GRAM_BLOCK_ROWS) {
      const m = Math.min(GRAM_BLOCK_ROWS, X.nRows - start);
      termStats.addColumnBlock(design.block(start, m), GRAM_BLOCK_ROWS, m, weight, start);
    }
    const {
      means: termMeans,
      scales: termScales,
      constant: constantTerm,
    } = termStats.finish({ scale: true, model, columnName: termName });
    options.onProgress?.(1, 2);
    const { coefficients, intercept } = fitRidge({
      model,
      nRows: X.nRows,
      p: nTerms,
      fillColumn: (a, out, offset, start, m) => {
        // A term that is rounding noise around a constant carries nothing: exact zeros pin it to 0.
        if (constantTerm[a] === 1) return void out.fill(0, offset, offset + m);
        const block = design.block(start, m);
        for (let k = 0; k < m; k++)
          out[offset + k] = (block[a * GRAM_BLOCK_ROWS + k] - termMeans[a]) / termScales[a];
      },
      columnName: termName,
      y,
      weight,
      alpha,
    });
    options.onProgress?.(2, 2);
    this.setArtifact({
      kind: 'polynomial-regression',
      schemaVersion: 1,
      featureNames: [...X.featureNames],
      params: { ...this.params, features: features === null ? null : [...features] },
      state: {
        inputMeans: Array.from(inputMeans),
        inputScales: Array.from(inputScales),
        terms,
        termMeans: Array.from(termMeans),
        termScales: Array.from(termScales),
        coefficients: Array.from(coefficients),
        intercept,
      },
    });
    return this;
  }

  /** Human-readable term names in coefficient order, e.g. `pageCount·cartValueYuan`. */
  termNames(): string[] {
    const { featureNames, state } = this.fittedArtifact();
    return state.terms.map((term) => term.map((j) => featureNames[j]).join('·'));
  }
}
