import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CUSTOMER_TASK, type ServedCustomerModel } from '../../registry/index.ts';
import type { AppEnv } from '../appEnv.ts';
import { scoreCustomerBodies, todayDay } from '../customerValue.ts';
import type { ModelStore } from '../models/index.ts';
import { ApiError, problemResponse, problemValidationHook } from '../problem.ts';
import { readJsonBody } from '../readJsonBody.ts';
import {
  CustomerBatchSchema,
  CustomerSchema,
  CustomerValueBatchResultSchema,
  CustomerValueResultSchema,
} from '../schemas/customers.ts';
import { modelUnavailable, PREDICTION_ERRORS } from './predictionHelpers.ts';

const never = (value: unknown): value is never => false;

const customerRoute = (
  path: string,
  operationId: string,
  summary: string,
  body: typeof CustomerSchema | typeof CustomerBatchSchema,
  result: typeof CustomerValueResultSchema | typeof CustomerValueBatchResultSchema,
  tooLarge: string,
) =>
  createRoute({
    method: 'post',
    path,
    operationId,
    tags: ['Customers'],
    summary,
    description:
      `${summary}: P(alive), expected purchases and spend over the model's horizon and lifetime value, ` +
      'from the customer’s transactions up to asOf or from their RFM summary.',
    // Public like the session predictions: a shop backend calls it; no token.
    security: [],
    request: {
      body: {
        required: true,
        description: 'A customer’s transactions up to asOf, or their summary (or a batch of customers)',
        content: { 'application/json': { schema: body } },
      },
    },
    responses: {
      200: { description: 'The customer’s value', content: { 'application/json': { schema: result } } },
      ...PREDICTION_ERRORS,
      413: problemResponse(tooLarge),
      503: problemResponse('No customer-value model is loaded (models/customer-value/production.json)'),
    },
  });

/**
 * POST /customers/value and /customers/value/batch: P(alive), expected purchases and spend over the
 * model's horizon, lifetime value and the supervised horizon models, from transactions or a summary.
 * Each customer is one request-log row (`<request id>.<index>` in a batch, like the session batches).
 *
 * @example
 * app.route('/', customerRoutes({ models, batchMaxCustomers: 5000 }));
 */
export function customerRoutes({
  models,
  batchMaxCustomers,
}: {
  models: ModelStore;
  batchMaxCustomers: number;
}) {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: problemValidationHook });
  router.openAPIRegistry.registerPath(
    customerRoute(
      '/customers/value',
      'predictCustomerValue',
      'Lifetime value of one customer',
      CustomerSchema,
      CustomerValueResultSchema,
      'The body is larger than BODY_LIMIT_BYTES',
    ),
  );
  router.openAPIRegistry.registerPath(
    customerRoute(
      '/customers/value/batch',
      'predictCustomerValueBatch',
      `Lifetime value of up to ${batchMaxCustomers} customers`,
      CustomerBatchSchema,
      CustomerValueBatchResultSchema,
      `More than BATCH_MAX_CUSTOMERS (${batchMaxCustomers}) customers, or a body larger than BODY_LIMIT_BYTES`,
    ),
  );
  return router
    .post('/customers/value', async (c) => {
      const body = await readJsonBody(c, CustomerSchema, never);
      const model = captureCustomerModel(c, models);
      const requestId = c.get('requestId');
      const { results, rows } = scoreCustomerBodies(model, [body], [requestId], todayDay());
      c.get('predictionRows')?.push(...rows);
      return c.json(results[0]!, 200);
    })
    .post('/customers/value/batch', async (c) => {
      const { customers } = await readJsonBody(c, CustomerBatchSchema, never);
      if (customers.length > batchMaxCustomers) {
        throw new ApiError({
          status: 413,
          slug: 'batch-too-large',
          title: 'Too many customers',
          detail: `The batch holds ${customers.length} customers; the limit is BATCH_MAX_CUSTOMERS = ${batchMaxCustomers}. Split it into smaller batches.`,
        });
      }
      const model = captureCustomerModel(c, models);
      const requestId = c.get('requestId');
      const ids = customers.map((_, i) => `${requestId}.${i}`);
      const { results, rows } = scoreCustomerBodies(model, customers, ids, todayDay(), { batch: true });
      const pending = c.get('predictionRows');
      if (pending) for (const row of rows) pending.push(row);
      return c.json({ requestId, modelVersion: model.version, results }, 200);
    });
}

function captureCustomerModel(c: Context<AppEnv>, models: ModelStore): ServedCustomerModel {
  const model = customerModelOrFail(models.get(CUSTOMER_TASK));
  c.set('modelVersion', model.version);
  return model;
}

/** The served customer-value model, or the 503 problem every customer route answers without one. */
export function customerModelOrFail(model: ServedCustomerModel | undefined): ServedCustomerModel {
  if (!model) {
    throw modelUnavailable({
      task: CUSTOMER_TASK,
      pointer: 'models/customer-value/production.json',
      make: 'fit one with `npm run clv -- fit`',
    });
  }
  return model;
}
