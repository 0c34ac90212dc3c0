import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './appEnv.ts';

/** The document's header; the paths come from the routes' zod definitions. */
export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'retention-service',
    version: '1.0.0',
    description:
      'Churn probability and expected session revenue for a live shopping session, from models trained ' +
      'on the behaviour log. Errors are RFC 9457 problem details (application/problem+json). ' +
      'See docs/api.md for the request log, hot reload and configuration.',
  },
  // Relative: the document is served by the service itself (/openapi.json), wherever it runs.
  servers: [{ url: '/', description: 'The service that serves this document' }],
  tags: [
    { name: 'Predictions', description: 'Score a session observed so far' },
    { name: 'Feedback', description: 'Report true outcomes for live performance monitoring' },
    { name: 'Operations', description: 'Health, readiness, served models, Prometheus metrics' },
    { name: 'Admin', description: 'Bearer-token protected (ADMIN_TOKEN)' },
    { name: 'Monitoring', description: 'Drift, data quality, operations and live performance (ADMIN_TOKEN)' },
  ],
} as const;

/**
 * Register the bearer scheme and serve the generated document at GET /openapi.json.
 *
 * @example
 * registerOpenApiDocument(app); // then app.getOpenAPI31Document(OPENAPI_INFO)
 */
export function registerOpenApiDocument(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The ADMIN_TOKEN of the service',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'feedbackToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The FEEDBACK_TOKEN of the service: a write token for POST /feedback only',
  });
  app.doc31('/openapi.json', {
    ...OPENAPI_INFO,
    tags: [...OPENAPI_INFO.tags],
    servers: [...OPENAPI_INFO.servers],
  });
}
