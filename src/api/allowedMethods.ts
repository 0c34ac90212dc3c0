/**
 * The methods the app's routes answer on `path` (a GET route answers HEAD too), for the `Allow`
 * header of a 405. Middleware (`ALL`) does not count; `:param` segments match any one segment.
 *
 * @example
 * allowedMethods(app.routes, '/churn'); // ['POST']
 */
export function allowedMethods(routes: readonly { method: string; path: string }[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || !matches(route.path, path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return [...methods].sort();
}

function matches(pattern: string, path: string): boolean {
  if (pattern === path) return true;
  if (!pattern.includes(':')) return false;
  const want = pattern.split('/');
  const got = path.split('/');
  return want.length === got.length && want.every((part, i) => part.startsWith(':') || part === got[i]);
}
