import { OpenAPIHono } from '@hono/zod-openapi';
import { problemValidationHook } from '../problem.ts';
import { dashboardRoutes } from './dashboardRoutes.ts';
import { type MonitoringDeps, monitoringRoutes } from './monitoringRoutes.ts';
import { segmentsRoutes } from './segmentsRoutes.ts';

/**
 * Everything monitoring serves, for the app to mount with `app.route('/', router)`:
 * `GET /monitoring/drift|quality|ops|performance|customers|segments` (JSON, admin bearer token, in the OpenAPI
 * document) and `GET /dashboard` with its locally served assets. Errors are thrown as ApiError and
 * rendered by the app's `onError` as problem+json.
 *
 * @example
 * app.route('/', createMonitoringRouter({ reports: new ReportRunner(db), servedModels: () => models.served(), adminToken: config.ADMIN_TOKEN }));
 */
export function createMonitoringRouter(deps: MonitoringDeps): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: problemValidationHook })
    .route('/', monitoringRoutes(deps))
    .route(
      '/',
      segmentsRoutes({
        reports: deps.reports,
        customerModel: deps.customerModel ?? (() => undefined),
        adminToken: deps.adminToken,
        thresholds: deps.thresholds,
        nowMs: deps.nowMs,
      }),
    )
    .route('/', dashboardRoutes());
}
