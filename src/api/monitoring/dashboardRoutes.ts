import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const HERE = join(dirname(fileURLToPath(import.meta.url)), 'dashboard');

/** chart.js's UMD build, from node_modules (its package exports do not list the file, so go by its folder). */
function chartJsPath(): string {
  const main = createRequire(import.meta.url).resolve('chart.js'); // …/chart.js/dist/chart.cjs
  return join(dirname(main), 'chart.umd.js');
}

const ASSETS: Record<string, { path: () => string; type: string }> = {
  'chart.umd.js': { path: chartJsPath, type: 'text/javascript; charset=utf-8' },
  'dashboard.js': { path: () => join(HERE, 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard.css': { path: () => join(HERE, 'dashboard.css'), type: 'text/css; charset=utf-8' },
};

/**
 * `GET /dashboard` (the page; it holds no data and asks for the admin token itself) and its assets
 * under `/dashboard/assets/`, Chart.js included: served locally, no CDN. Files are read once, at
 * router creation, so a missing asset fails the start, not a page view.
 *
 * @example
 * app.route('/', dashboardRoutes());
 */
export function dashboardRoutes() {
  const page = readFileSync(join(HERE, 'dashboard.html'), 'utf8');
  const assets = new Map(
    Object.entries(ASSETS).map(([name, a]) => [name, { body: readFileSync(a.path(), 'utf8'), type: a.type }]),
  );
  return new Hono()
    .get('/dashboard', (c) => {
      c.header('Cache-Control', 'no-store');
      return c.html(page);
    })
    .get('/dashboard/assets/:name', (c) => {
      const asset = assets.get(c.req.param('name'));
      if (!asset) return c.notFound();
      c.header('Content-Type', asset.type);
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(asset.body);
    });
}
