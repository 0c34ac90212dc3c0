import { displayName, formatMetric, markdownTable } from '../../report/index.ts';
import type { FittedModel } from '../models/fitModel.ts';
import type { Importances } from './importanceFigures.ts';
import { topIndexes } from './importanceFigures.ts';
import type { ReportContext } from './reportContext.ts';

/** The model column of a comparison table: the candidate is marked. */
export function modelCell(model: FittedModel, winner: FittedModel): string {
  return model === winner ? `**${displayName(model.name)}** (candidate)` : displayName(model.name);
}

/** "Data and reproducibility": splits, fingerprint, code, command. */
export function dataSection(context: ReportContext): string {
  const { splits, dataFingerprint: data } = context;
  const splitRows = (['train', 'validation', 'test'] as const).map((name) => [
    name,
    splits[name].rows.toLocaleString('en-US'),
    splits[name].sessions.toLocaleString('en-US'),
  ]);
  const files = data.files.map((f) => [
    `\`${f.path}\``,
    f.sizeBytes.toLocaleString('en-US'),
    `\`${f.sha256.slice(0, 16)}…\``,
  ]);
  return [
    '## Data and reproducibility',
    '',
    `Sessions are split by session, later sessions last: models fit on _train_, early stopping, grid search, the churn threshold and the choice of the candidate use _validation_, and every number above is measured on _test_.`,
    '',
    markdownTable(['split', 'pages', 'sessions'], splitRows),
    '',
    markdownTable(['file', 'bytes', 'sha256'], files, ['left', 'right', 'left']),
    '',
    `- Feature version \`${context.featureVersion}\` (${context.featureCount} features); code \`${context.codeVersion ?? 'unknown (not a git checkout)'}\`; created ${context.createdAt}.`,
    `- Reproduce: \`${context.command}\``,
    '',
  ].join('\n');
}

/** "Feature importance": the top features by gain and by permutation, with the figures. */
export function importanceSection(importances: Importances): string {
  const lines = ['## Feature importance', ''];
  if (importances.gain) {
    lines.push(
      `Split gain of ${displayName(importances.gain.model)}: how much each feature reduced the loss inside the trees (training data).`,
      '',
      '![Gain importance](importance-gain.svg)',
      '',
    );
  }
  if (importances.permutation) {
    const { permutation, featureNames } = importances;
    const top = topIndexes(permutation.mean, 5)
      .map((i) => `\`${featureNames[i]}\` (${formatMetric(permutation.mean[i], 3)})`)
      .join(', ');
    lines.push(
      `Permutation importance of ${displayName(permutation.model)} on test rows: the loss of ${permutation.metric} when one feature's values are shuffled. Most important: ${top}.`,
      '',
      '![Permutation importance](importance-permutation.svg)',
      '',
    );
  }
  if (!importances.gain && !importances.permutation)
    lines.push('No importance was computed for this run.', '');
  return lines.join('\n');
}

/** "Grid search": every point tried per model with its validation score. */
export function gridSection(models: readonly FittedModel[], metric: string, used: boolean): string {
  if (!used) {
    return "## Hyperparameters\n\nParams from the config file, no grid search (run with `--grid` to search the config's grids on validation).\n";
  }
  const lines = ['## Grid search on validation', ''];
  for (const model of models) {
    if (model.grid.length < 2) continue;
    const keys = [...new Set(model.grid.flatMap((point) => Object.keys(point.params)))].filter((key) =>
      model.grid.some(
        (point) => JSON.stringify(point.params[key]) !== JSON.stringify(model.grid[0].params[key]),
      ),
    );
    lines.push(`### ${displayName(model.name)}`, '');
    lines.push(
      markdownTable(
        [...keys, `validation ${metric}`],
        model.grid.map((point) => [
          ...keys.map((key) => JSON.stringify(point.params[key])),
          formatMetric(Math.abs(point.validationScore)),
        ]),
      ),
      '',
    );
  }
  return lines.join('\n');
}
