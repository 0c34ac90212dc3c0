import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../appEnv.ts';
import { ApiError } from '../problem.ts';

/** The swagger-ui-dist files the page needs, with their content types (served from node_modules: no CDN). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>retention-service API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="stylesheet" href="/docs/assets/index.css">
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// A separate file, not an inline script, so the CSP can stay `script-src 'self'`.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  validatorUrl: null,
});
`;

/**
 * GET /docs: interactive API docs (Swagger UI) over /openapi.json, with every asset served locally
 * from the installed swagger-ui-dist package, read once and cached.
 *
 * @example
 * app.route('/', docsRoutes());
 */
export function docsRoutes() {
  const assetDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Buffer>();
  return new Hono<AppEnv>()
    .get('/docs', (c) => c.html(PAGE))
    .get('/docs/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/docs/assets/:file', (c) => {
      const file = c.req.param('file');
      const contentType = ASSETS[file];
      if (!contentType)
        throw new ApiError({
          status: 404,
          slug: 'not-found',
          title: 'Not found',
          detail: `No docs asset named ${file}.`,
        });
      let bytes = cache.get(file);
      if (!bytes) {
        bytes = readFileSync(join(assetDir, file));
        cache.set(file, bytes);
      }
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': contentType,
        'cache-control': 'public, max-age=86400',
      });
    });
}
