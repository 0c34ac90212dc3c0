export { adminAuth } from './adminAuth.ts';
export { type CreateAppOptions, createApp, PREDICTION_ENDPOINTS, type ServiceApp } from './app.ts';
export type { AppEnv } from './appEnv.ts';
export { type Config, ConfigError, ConfigSchema, loadConfig } from './config.ts';
export { ServiceStartError } from './httpServer.ts';
export { describeModel, ModelStore, type ReloadOutcome, watchModels } from './models/index.ts';
export { openApiYaml } from './openApiSpec.ts';
export {
  ApiError,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  ProblemSchema,
  problemResponse,
  problemValidationHook,
} from './problem.ts';
export { ADMIN_SECURITY } from './routes/adminRoutes.ts';
export { type RunningService, runService } from './server.ts';
