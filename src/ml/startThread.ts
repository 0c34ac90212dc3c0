import { parse, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { buildSync } from 'esbuild';

/** Bundled source by module path: each thread module is bundled once per process. */
const bundles = new Map<string, string>();

/**
 * The one way the service starts a worker thread (histogram worker, request-log writer, report
 * runner, PostgreSQL report queries, policy draws). `moduleUrl` names an ordinary TypeScript module whose top-level code is the thread's
 * body (it reads `workerData` and `parentPort`).
 *
 * Why a bundle: a worker cannot load a .ts module under every runner (tsx, vitest, plain node), and
 * registering tsx inside each worker costs ~0.7 s a start. esbuild (already under tsx) bundles our
 * code of that module graph into plain JavaScript once per process, in a few milliseconds; packages
 * stay external and are required from the module's own folder. The worker then evaluates plain
 * JavaScript with no loader. It lives in `src/ml` because ml imports nothing of ours, and every
 * other folder may import ml.
 *
 * @example
 * const worker = startThread(new URL('./writerThread.ts', import.meta.url), { workerData, name: 'writer' });
 */
export function startThread(
  moduleUrl: URL | string,
  options: Omit<WorkerOptions, 'eval' | 'execArgv'> = {},
): Worker {
  const path =
    moduleUrl instanceof URL || moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl;
  let source = bundles.get(path);
  if (source === undefined) {
    const root = parse(path).root;
    const bundle = buildSync({
      entryPoints: [path],
      absWorkingDir: root,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
    // `require` of the bundle resolves packages from the module's folder, not the working directory.
    source = `(function (require) {\n${withImportMetaUrls(bundle.outputFiles[0].text, root)}\n})(require('node:module').createRequire(${JSON.stringify(path)}));`;
    bundles.set(path, source);
  }
  // execArgv: [] — the source is plain JavaScript; the parent's loaders (tsx) would only slow the start.
  return new Worker(source, { ...options, eval: true, execArgv: [] });
}

/**
 * A CommonJS bundle has no `import.meta`: esbuild gives each module that reads it an empty
 * `import_meta` object. Give each one its own module's URL (esbuild opens every module's code with a
 * `// path` comment), so `new URL('./thread.ts', import.meta.url)` works inside a thread too.
 */
function withImportMetaUrls(code: string, root: string): string {
  let module = '';
  // `var import_meta = {};` at the top level; `import_meta = {};` inside a lazily run module.
  return code.replace(
    /^\/\/ (\S+\.[cm]?[jt]s)$|^(\s*(?:var )?)(import_meta\d*) = \{\};$/gm,
    (line, file, prefix, name) => {
      if (file !== undefined) {
        module = file;
        return line;
      }
      return `${prefix}${name} = { url: ${JSON.stringify(pathToFileURL(resolve(root, module)).href)} };`;
    },
  );
}
