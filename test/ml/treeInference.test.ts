import { describe, expect, it } from 'vitest';
import { TREE_PREDICTORS } from '../../src/ml/inference/trees.ts';
import { DecisionTreeRegressor } from '../../src/ml/tree/index.ts';
import { roundTrip, synthetic } from './treeHelpers.ts';

function validArtifact() {
  const { X, logit } = synthetic(200, 5);
  return roundTrip(new DecisionTreeRegressor({ maxDepth: 3 }).fit(X, logit).toJSON()) as {
    kind: string;
    schemaVersion: number;
    featureNames: string[];
    state: { tree: Record<string, number[]>; featureImportances: number[] };
  };
}

const load = (artifact: unknown) => TREE_PREDICTORS['decision-tree-regressor'](artifact);

describe('tree inference', () => {
  it('loads a valid artifact and walks it: x ≤ threshold and NaN go left', () => {
    const predictor = load(validArtifact());
    const tree = validArtifact().state.tree;
    const x = new Float64Array(6);
    x[tree.feature[0]] = Number.NaN;
    const viaLeft = predictor.predictRow(x);
    x[tree.feature[0]] = tree.threshold[0];
    expect(predictor.predictRow(x)).toBe(viaLeft);
  });

  it('refuses an unknown schema version', () => {
    const artifact = validArtifact();
    artifact.schemaVersion = 2;
    expect(() => load(artifact)).toThrow(/Invalid decision-tree-regressor artifact \(schemaVersion/);
  });

  it('refuses arrays that are not parallel', () => {
    const artifact = validArtifact();
    artifact.state.tree.value.pop();
    expect(() => load(artifact)).toThrow(/"value" has \d+ entries but "feature" has \d+/);
  });

  it('refuses a child that points back up the tree (a loop)', () => {
    const artifact = validArtifact();
    artifact.state.tree.left[0] = 0;
    expect(() => load(artifact)).toThrow(/node 0: child 0 must come after its parent/);
  });

  it('refuses a split on a feature the model does not have', () => {
    const artifact = validArtifact();
    artifact.state.tree.feature[0] = 99;
    expect(() => load(artifact)).toThrow(/feature 99 is outside 0..5/);
  });

  it('refuses feature importances that do not match the feature list', () => {
    const artifact = validArtifact();
    artifact.featureNames.push('extra');
    expect(() => load(artifact)).toThrow(/6 feature importances for 7 features/);
  });

  it('refuses a row of the wrong length at prediction time', () => {
    expect(() => load(validArtifact()).predictRow(new Float64Array(3))).toThrow(
      /row has 3 values but the model expects 6/,
    );
  });

  it('refuses a threshold stored as text', () => {
    const artifact = validArtifact() as unknown as { state: { tree: { threshold: unknown[] } } };
    artifact.state.tree.threshold[0] = '1.5';
    expect(() => load(artifact)).toThrow(/state\.tree\.threshold\.0/);
  });
});
