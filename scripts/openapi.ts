import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openApiYaml } from '../src/api/openApiSpec.ts';

const HELP = `Usage: npm run openapi [-- --check] [-- --out FILE]

Write the OpenAPI document of the service (generated from the zod route definitions) to
openapi.yaml, or with --check exit 1 when the file is out of date.
`;

function main(): number {
  let values: { check?: boolean; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        check: { type: 'boolean' },
        out: { type: 'string', default: 'openapi.yaml' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const out = values.out ?? 'openapi.yaml';
  const yaml = openApiYaml();
  if (values.check) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {}
    if (current !== yaml) {
      process.stderr.write(`${out} is out of date; run \`npm run openapi\` and commit it.\n`);
      return 1;
    }
    process.stdout.write(`${out} is up to date.\n`);
    return 0;
  }
  writeFileSync(out, yaml);
  const paths = (yaml.match(/^ {2}\/\S*:$/gm) ?? []).length;
  process.stdout.write(`Wrote ${out} (${paths} paths, ${yaml.length} bytes).\n`);
  return 0;
}

process.exitCode = main();
