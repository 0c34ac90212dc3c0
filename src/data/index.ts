export * from './parse/index.ts';
export * from './sessions/index.ts';
