import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The house's import rules (docs/architecture.md), read from the code's own import statements.

const SRC = join(import.meta.dirname, '..', 'src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every .ts file of src with the src files it imports (relative paths, from src). */
function importsByFile(): Map<string, string[]> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => normalize(join(dirname(file), m[1])));
    graph.set(file, targets);
  }
  return graph;
}

const topFolder = (file: string) => file.split('/')[0];

/** Folder-level edges `a → b` (a's files import b's files), a ≠ b. */
function folderEdges(graph: Map<string, string[]>): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const [a, b] = [topFolder(file), topFolder(target)];
      if (a === b || relative(SRC, join(SRC, target)).startsWith('..')) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)!.add(b);
    }
  }
  return edges;
}

/** One cycle of `edges` as a path, or null when there is none (depth-first search). */
function findCycle(edges: Map<string, Iterable<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('the import graph of src', () => {
  const graph = importsByFile();
  const edges = folderEdges(graph);

  it('reads the imports it checks (a rule over an empty graph would pass for nothing)', () => {
    expect(graph.size).toBeGreaterThan(300);
    expect(edges.get('training')).toContain('ml');
  });

  it('finds a circle where there is one (so the two checks below can fail)', () => {
    const circle = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(findCycle(circle)).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', ['b']]]))).toBeNull();
  });

  it('has no file-import circle', () => {
    expect(findCycle(graph)).toBeNull();
  });

  it('has no folder circle: every folder import runs one way', () => {
    expect(findCycle(edges)).toBeNull();
  });

  it('keeps the libraries at the bottom: session, ml, report and cli import nothing of ours', () => {
    for (const library of ['session', 'ml', 'report', 'cli']) {
      expect([...(edges.get(library) ?? [])], library).toEqual([]);
    }
  });

  it('keeps training out of serving and monitoring, and data and features below dataset', () => {
    for (const folder of ['api', 'monitoring', 'registry'])
      expect(edges.get(folder)).not.toContain('training');
    for (const folder of ['data', 'features', 'transactions']) {
      for (const above of ['dataset', 'features', 'training', 'segments', 'policies', 'api']) {
        if (folder !== above) expect(edges.get(folder), `${folder} → ${above}`).not.toContain(above);
      }
    }
    expect(edges.get('transactions')).not.toContain('data');
  });

  it('gives the customer side and monitoring the report kit, not the report code of training', () => {
    for (const [file, targets] of graph) {
      if (topFolder(file) === 'training') continue;
      expect(
        targets.filter((t) => t.startsWith('training/report/')),
        file,
      ).toEqual([]);
    }
  });
});
