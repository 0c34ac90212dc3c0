export { type BarChartOptions, barChart } from './barChart.ts';
export { type ConfusionMatrixOptions, confusionMatrixChart } from './confusionMatrixChart.ts';
export { type HeatmapOptions, heatmapChart } from './heatmapChart.ts';
export { type LineChartOptions, lineChart, type Series } from './lineChart.ts';
export { extent, linearScale, logScale, niceTicks } from './scale.ts';
export { escapeXml, formatTick, PALETTE } from './xml.ts';
