import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { REGISTRY_TASKS } from '../../registry/index.ts';
import { adminAuth } from '../adminAuth.ts';
import type { AppEnv } from '../appEnv.ts';
import type { ModelStore } from '../models/index.ts';
import { problemResponse, problemValidationHook } from '../problem.ts';

const ReloadSchema = z
  .object({
    outcomes: z.array(
      z.object({
        task: z.enum(REGISTRY_TASKS),
        outcome: z.enum(['loaded', 'unchanged', 'missing', 'refused']),
        version: z.string().nullable().openapi({ description: 'The version serving after the reload' }),
        previousVersion: z.string().nullable(),
        error: z.string().optional().openapi({ description: 'Why a new model was refused' }),
      }),
    ),
  })
  .openapi('ReloadResult', {
    example: {
      outcomes: [
        {
          task: 'churn',
          outcome: 'loaded',
          version: '20261124T020000Z-9a8b7c6d',
          previousVersion: '20261123T083000Z-1a2b3c4d',
        },
        {
          task: 'session-value',
          outcome: 'unchanged',
          version: '20261123T083000Z-5e6f7a8b',
          previousVersion: '20261123T083000Z-5e6f7a8b',
        },
      ],
    },
  });

/** The bearer-token security scheme of admin and monitoring routes in the OpenAPI document. */
export const ADMIN_SECURITY = [{ adminToken: [] }];

/**
 * POST /admin/reload: re-read every production pointer now (the watcher does it too). A refused
 * model is reported in its outcome (200: the service keeps serving the previous one).
 *
 * @example
 * app.route('/', adminRoutes({ models, adminToken: config.ADMIN_TOKEN }));
 */
export function adminRoutes({ models, adminToken }: { models: ModelStore; adminToken: string | undefined }) {
  return new OpenAPIHono<AppEnv>({ defaultHook: problemValidationHook }).openapi(
    createRoute({
      method: 'post',
      path: '/admin/reload',
      operationId: 'reloadModels',
      tags: ['Admin'],
      summary: 'Reload the production models from the registry now',
      description:
        "Re-read each task's production pointer and swap in a new valid version at once (the watcher would " +
        'within WATCH_INTERVAL_MS). A version that fails any check is refused and the old one keeps serving.',
      security: ADMIN_SECURITY,
      middleware: [adminAuth({ token: adminToken })] as const,
      responses: {
        200: {
          description: 'What happened per task',
          content: { 'application/json': { schema: ReloadSchema } },
        },
        401: problemResponse('Missing or wrong bearer token'),
        // The size check runs before authentication, for every route.
        413: problemResponse('A body larger than BODY_LIMIT_BYTES was sent (this endpoint takes none)'),
        503: problemResponse('ADMIN_TOKEN is not configured'),
      },
    }),
    (c) => c.json({ outcomes: models.reloadAll() }, 200),
  );
}
