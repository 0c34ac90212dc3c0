/** The address a local client reaches a server on: a wildcard bind is reachable on the loopback. */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * What `npm start` prints once it listens. The admin token appears only when the demo made it up
 * (`generatedToken`): one from the environment is the operator's secret and stays out of the
 * terminal, its scroll-back and CI logs.
 *
 * @example
 * startBanner({ baseUrl: 'http://127.0.0.1:8080', host: '127.0.0.1', generatedToken: 'a1b2…' });
 */
export function startBanner({
  baseUrl,
  host,
  generatedToken,
}: {
  baseUrl: string;
  host: string;
  generatedToken?: string;
}): string {
  const wildcard = host === '0.0.0.0' || host === '::';
  return [
    '',
    `retention-service listening on ${baseUrl}${wildcard ? ` (bound to ${host}: every interface)` : ''}`,
    `  API docs     ${baseUrl}/docs`,
    generatedToken
      ? `  dashboard    ${baseUrl}/dashboard#token=${generatedToken}`
      : `  dashboard    ${baseUrl}/dashboard#token=<your ADMIN_TOKEN>`,
    generatedToken
      ? `  admin token  ${generatedToken} (made up for this run; set ADMIN_TOKEN to choose)`
      : '  admin token  from ADMIN_TOKEN (not printed)',
    `  try          curl -s ${baseUrl}/models`,
    '',
  ].join('\n');
}
