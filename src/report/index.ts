// The report kit: markdown tables and number formats, SVG figures, terminal tables. Plain functions of
// plain data, with no import of ours, so training, segments, policies and monitoring all build on it.
export * from './markdown.ts';
export * from './svg/index.ts';
export * from './textTable.ts';
