export { createMonitoringRouter } from './createMonitoringRouter.ts';
export { dashboardRoutes } from './dashboardRoutes.ts';
export { type MonitoringDeps, monitoringRoutes } from './monitoringRoutes.ts';
export {
  ColumnDriftSchema,
  DriftResponseSchema,
  MonitoringQuerySchema,
  OpsResponseSchema,
  PerformanceResponseSchema,
  QualityResponseSchema,
} from './schemas.ts';
export { SegmentsResponseSchema, segmentsRoutes } from './segmentsRoutes.ts';
