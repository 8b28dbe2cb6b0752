import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, writeOutput } from '../src/compiler/write/index.js';
import { createMemoryHost } from '../src/index.js';

const files = (n: number, prefix = 'v1') =>
  Array.from({ length: n }, (_, i) => ({
    path: `dev/kubernetes/app${i}/deployment.yaml`,
    content: `${prefix}-${i}\n`,
  }));

function read(host: ReturnType<typeof createMemoryHost>, file: string): string | undefined {
  const data = host.files.get(file);
  return data ? new TextDecoder().decode(data) : undefined;
}

describe('write: the output folder', () => {
  it('writes files and a manifest of their hashes, then rewrites only what changed', () => {
    const host = createMemoryHost({});
    const first = writeOutput(host, '/work/out', files(2));
    expect(first.diagnostics).toEqual([]);
    expect(first.written).toEqual([
      'dev/kubernetes/app0/deployment.yaml',
      'dev/kubernetes/app1/deployment.yaml',
    ]);
    const manifest = JSON.parse(read(host, `/work/out/${MANIFEST_FILE}`) ?? '{}');
    expect(Object.keys(manifest.files)).toEqual(first.written);
    const second = writeOutput(host, '/work/out', [
      ...files(1),
      { path: 'dev/kubernetes/app1/deployment.yaml', content: 'changed\n' },
    ]);
    expect(second.written).toEqual(['dev/kubernetes/app1/deployment.yaml']);
    expect(second.unchanged).toEqual(['dev/kubernetes/app0/deployment.yaml']);
  });

  it('removes files it generated before and no longer produces, and the folders they leave empty', () => {
    const host = createMemoryHost({});
    writeOutput(host, '/work/out', files(2));
    const result = writeOutput(host, '/work/out', files(1));
    expect(result.removed).toEqual(['dev/kubernetes/app1/deployment.yaml']);
    expect(host.stat('/work/out/dev/kubernetes/app1')).toBeUndefined();
    expect(read(host, '/work/out/dev/kubernetes/app0/deployment.yaml')).toBe('v1-0\n');
  });

  it('never touches files it did not generate', () => {
    const host = createMemoryHost({});
    writeOutput(host, '/work/out', files(2));
    host.writeFile('/work/out/README.md', 'mine');
    host.writeFile('/work/out/dev/kubernetes/app1/extra.yaml', 'mine too');
    writeOutput(host, '/work/out', files(1));
    expect(read(host, '/work/out/README.md')).toBe('mine');
    expect(read(host, '/work/out/dev/kubernetes/app1/extra.yaml')).toBe('mine too');
  });

  it('refuses a non-empty folder without a manifest, unless forced', () => {
    const host = createMemoryHost({ 'out/notes.txt': 'keep me' });
    const refused = writeOutput(host, '/work/out', files(1));
    expect(refused.diagnostics.map((d) => d.code)).toEqual(['PAWS5001']);
    expect(refused.diagnostics[0]?.message).toContain('notes.txt');
    expect(host.files.size).toBe(1);
    const forced = writeOutput(host, '/work/out', files(1), { force: true });
    expect(forced.diagnostics).toEqual([]);
    expect(read(host, '/work/out/notes.txt')).toBe('keep me');
  });

  it('refuses an output folder that is a symlink, a file, or holds the working directory', () => {
    const host = createMemoryHost({ 'out.txt': 'x' });
    const lstat = host.lstat.bind(host);
    host.lstat = (file) => (file === '/work/link' ? { kind: 'symlink' } : lstat(file));
    expect(writeOutput(host, '/work/link', files(1)).diagnostics.map((d) => d.code)).toEqual(['PAWS5003']);
    expect(writeOutput(host, '/work/out.txt', files(1)).diagnostics.map((d) => d.code)).toEqual(['PAWS5003']);
    expect(writeOutput(host, '/work', files(1)).diagnostics.map((d) => d.code)).toEqual(['PAWS5003']);
    expect(writeOutput(host, '/', files(1)).diagnostics.map((d) => d.code)).toEqual(['PAWS5003']);
  });

  it.each([
    [
      'while staging',
      (path: string) => path.includes('.paws-staging') && path.endsWith('app3/deployment.yaml'),
      'writeFile',
    ],
    [
      'while moving files into place',
      (path: string) => path.startsWith('/work/out/') && path.endsWith('app2/deployment.yaml'),
      'rename',
    ],
  ] as const)(
    'leaves the previous output exactly as it was when a write fails %s',
    (_when, failsOn, operation) => {
      const host = createMemoryHost({});
      writeOutput(host, '/work/out', files(3));
      host.writeFile('/work/out/README.md', 'mine');
      const before = new Map([...host.files].map(([k, v]) => [k, new TextDecoder().decode(v)]));
      const original = host[operation].bind(host) as (a: string, b: string) => void;
      // The write fails once, midway, as a full disk would.
      let failed = false;
      host[operation] = ((a: string, b: string) => {
        if (!failed && failsOn(operation === 'rename' ? b : a)) {
          failed = true;
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        }
        original(a, b);
      }) as never;
      const result = writeOutput(host, '/work/out', files(4, 'v2'));
      expect(result.diagnostics.map((d) => d.code)).toEqual(['PAWS5002']);
      expect(result.diagnostics[0]?.message).toContain('ENOSPC');
      const after = new Map([...host.files].map(([k, v]) => [k, new TextDecoder().decode(v)]));
      expect(after).toEqual(before);
    },
  );
});
