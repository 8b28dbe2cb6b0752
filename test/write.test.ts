import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, writeOutput } from '../src/write/index.js';
import { createMemoryHost } from '../src/index.js';
import { keysInOrder, orderedKeys, toJson, toYaml } from '../src/write/serialize.js';
import { emitYamlDocument } from '../src/write/yaml-emit.js';
import { setOwn } from '../src/util/compare.js';

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

describe('write: hostile and interrupted output folders', () => {
  // A killed writer's process is gone: its lock is stale for the next one.
  const seeded = () => {
    const host = createMemoryHost({ 'x.txt': 'outside' }, { alive: () => false });
    expect(writeOutput(host, '/work/out', files(3)).diagnostics).toEqual([]);
    return host;
  };
  const tamper = (host: ReturnType<typeof createMemoryHost>, entry: string) => {
    const manifest = JSON.parse(read(host, `/work/out/${MANIFEST_FILE}`) as string);
    manifest.files[entry] = 'f'.repeat(64);
    host.files.set(`/work/out/${MANIFEST_FILE}`, new TextEncoder().encode(JSON.stringify(manifest)));
  };

  it.each(['dev/../../x.txt', '/work/x.txt', 'dev//a.yaml', './dev/a.yaml', '../x.txt'])(
    'a manifest listing %j is not trusted (PAWS5007): nothing is removed or read through it',
    async (entry) => {
      const host = seeded();
      tamper(host, entry);
      const result = writeOutput(host, '/work/out', files(1));
      expect(result.diagnostics.map((d) => d.code)).toEqual(['PAWS5007']);
      expect(read(host, '/work/x.txt')).toBe('outside');
      expect(read(host, '/work/out/dev/kubernetes/app2/deployment.yaml')).toBe('v1-2\n');
    },
  );

  it.each([
    ['a linked file', 'dev/kubernetes/app1/deployment.yaml'],
    ['a linked folder on the way', 'dev/kubernetes/app0'],
  ])('%s below the output folder is never written or removed through (PAWS5003)', (_name, link) => {
    const host = createMemoryHost(
      { 'x.txt': 'outside' },
      { links: { [`/work/out/${link}`]: '/work/x.txt' } },
    );
    for (const f of files(2)) host.files.set(`/work/out/${f.path}`, new TextEncoder().encode(f.content));
    host.files.set(
      `/work/out/${MANIFEST_FILE}`,
      new TextEncoder().encode(
        JSON.stringify({ generator: 'paws', version: 2, files: { [files(2)[1]?.path as string]: 'x' } }),
      ),
    );
    const result = writeOutput(host, '/work/out', files(1, 'v2'));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['PAWS5003']);
    expect(result.diagnostics[0]?.message).toContain('goes through a symlink');
    expect(read(host, '/work/x.txt')).toBe('outside');
  });

  it('a hand-written file where paws starts generating one is refused (PAWS5008), replaced with --force', () => {
    const host = seeded();
    host.files.set('/work/out/dev/kubernetes/app3/deployment.yaml', new TextEncoder().encode('mine\n'));
    const refused = writeOutput(host, '/work/out', files(4));
    expect(refused.diagnostics.map((d) => d.code)).toEqual(['PAWS5008']);
    expect(read(host, '/work/out/dev/kubernetes/app3/deployment.yaml')).toBe('mine\n');
    const forced = writeOutput(host, '/work/out', files(4), { force: true });
    expect(forced.diagnostics).toEqual([]);
    expect(read(host, '/work/out/dev/kubernetes/app3/deployment.yaml')).toBe('v1-3\n');
  });

  /** A host that "dies" after `moves` renames: later calls change nothing, like a killed process. */
  function dyingAfter(host: ReturnType<typeof createMemoryHost>, moves: number) {
    let left = moves;
    let dead = false;
    const killed = () => Object.assign(new Error('killed'), { code: 'EKILLED' });
    return {
      ...host,
      lstat: host.lstat.bind(host),
      stat: host.stat.bind(host),
      rename(from: string, to: string) {
        if (dead) throw killed();
        if (from.includes('.paws-staging-') && left-- <= 0) {
          dead = true;
          throw killed();
        }
        host.rename(from, to);
      },
      remove(file: string) {
        if (!dead) host.remove(file);
      },
      writeFile(file: string, content: string) {
        if (!dead) host.writeFile(file, content);
      },
    };
  }

  it.each([0, 1, 2, 3])(
    'a write killed after %i of its 4 moves is rolled back by the next writer',
    (moves) => {
      const host = seeded();
      const before = new Map([...host.files].filter(([p]) => p.startsWith('/work/out/')));
      const dying = dyingAfter(host, moves);
      writeOutput(dying, '/work/out', [...files(2, 'v2'), { path: 'dev/new.yaml', content: 'new\n' }]);
      // The next run, whatever it writes, first restores the folder the killed one left half-moved.
      const next = writeOutput(host, '/work/out', files(3));
      expect(next.diagnostics).toEqual([]);
      // Restored before this write: it finds the original output and has nothing to change.
      expect(next.written).toEqual([]);
      const after = new Map([...host.files].filter(([p]) => p.startsWith('/work/out/')));
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [p, content] of before) expect(read(host, p), p).toBe(new TextDecoder().decode(content));
      expect([...host.files.keys()].filter((p) => p.includes('/.out.paws-'))).toEqual([]);
    },
  );

  it('a write killed after its manifest is in place counts as complete', () => {
    const host = seeded();
    // Every move happens, then the process dies before cleaning up.
    const dying = dyingAfter(host, 99);
    const { rename, remove } = dying;
    let placed = false;
    dying.rename = (from: string, to: string) => {
      rename(from, to);
      placed ||= to.endsWith(MANIFEST_FILE);
    };
    dying.remove = (file: string) => {
      if (placed) throw new Error('killed');
      remove(file);
    };
    expect(() => writeOutput(dying, '/work/out', files(3, 'v2'))).toThrow('killed');
    expect(writeOutput(host, '/work/out', files(3, 'v2')).diagnostics).toEqual([]);
    expect(read(host, '/work/out/dev/kubernetes/app0/deployment.yaml')).toBe('v2-0\n');
  });
});

describe('toJson', () => {
  it('keeps a key named "__proto__" (data, not a prototype)', async () => {
    const { toJson } = await import('../src/write/serialize.js');
    const value = JSON.parse('{"tags":{"__proto__":"x","a":"b"}}');
    expect(JSON.parse(toJson(value))).toEqual(value);
    expect(toJson(value)).toContain('"__proto__": "x"');
  });
});

describe('toJson writes what JSON.stringify of a key-ordered copy writes (property test)', () => {
  /** The serializer toJson replaced: a copy with ordered keys, then JSON.stringify. */
  const reference = (value: unknown): string => {
    const order = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(order);
      if (v && typeof v === 'object') {
        const out = Object.create(null) as Record<string, unknown>;
        for (const key of orderedKeys(v)) out[key] = order((v as Record<string, unknown>)[key]);
        return out;
      }
      return v;
    };
    return `${JSON.stringify(order(value), null, 2)}\n`;
  };
  const KEYS = ['a', 'b', 'B', 'é', '10', '9', '0', '01', '-1', '4294967294', '4294967295', '__proto__'];
  const LEADS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];
  const SCALARS: unknown[] = [
    'text',
    '',
    'quote " and \\ and \n and \u2028 and 😀',
    '${x}',
    0,
    -0,
    1.5e300,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    false,
    null,
    undefined,
    () => 1,
  ];

  /** A seeded generator (the same values every run) and a pick from a list by it. */
  const seeded = (start: number) => {
    let seed = start;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T };
  };

  /** Random values; half their records built in the order the serializers write (most emitters' are). */
  const randomValues = (start: number, count: number, keyPool = KEYS) => {
    const { next, pick } = seeded(start);
    const value = (depth: number): unknown => {
      const roll = next();
      if (depth === 0 || roll < 0.4) return pick(SCALARS);
      if (roll < 0.65) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth - 1));
      const entries = new Map<string, unknown>();
      for (let i = Math.floor(next() * 6); i > 0; i--)
        entries.set(pick(next() < 0.2 ? LEADS : keyPool), value(depth - 1));
      const keys = next() < 0.5 ? orderedKeys(Object.fromEntries(entries)) : [...entries.keys()];
      const record: Record<string, unknown> = {};
      for (const key of keys)
        Object.defineProperty(record, key, {
          value: entries.get(key),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return record;
    };
    return Array.from({ length: count }, () => value(4));
  };

  it('for 3,000 random values', () => {
    for (const v of randomValues(20261203, 3000)) expect(toJson(v), JSON.stringify(v)).toBe(reference(v));
  });

  it('the YAML of 3,000 random values is what a key-ordered copy written in its own order gives', () => {
    const copy = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(copy);
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const key of orderedKeys(v)) setOwn(out, key, copy((v as Record<string, unknown>)[key]));
        return out;
      }
      return v;
    };
    // Index-like keys go first in an object whatever their insertion order: none here.
    const keyPool = KEYS.filter((k) => !/^\d+$/.test(k));
    let records = 0;
    for (const v of randomValues(20261205, 3000, keyPool)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 1) records++;
      const one = emitYamlDocument(copy(v));
      expect(toYaml([v, v]), JSON.stringify(v)).toBe(`${one}---\n${one}`);
    }
    expect(records).toBeGreaterThan(300);
  });

  it('writes an object by iterating it exactly when its own order is the serialization order', () => {
    expect(keysInOrder({ apiVersion: 'v1', kind: 'K', metadata: {}, data: 1, spec: 2 })).toBe(5);
    expect(keysInOrder({ a: 1, b: undefined, c: 2 })).toBe(3);
    expect(keysInOrder(Object.assign(Object.create(null), { a: 1, b: 2 }))).toBe(2);
    expect(keysInOrder({})).toBe(0);
    // A leading key after another key, leading keys out of their order, keys out of code-unit order.
    expect(keysInOrder({ data: 1, kind: 'K' })).toBe(-1);
    expect(keysInOrder({ kind: 'K', apiVersion: 'v1' })).toBe(-1);
    expect(keysInOrder({ b: 1, a: 2 })).toBe(-1);
    expect(keysInOrder({ B: 1, a: 2, é: 3 })).toBe(3);
    expect(keysInOrder({ a: 2, B: 1 })).toBe(-1);
    // Index keys come first, ascending as numbers: "10" before "9" is not code-unit order.
    expect(keysInOrder({ 9: 1, 10: 2 })).toBe(-1);
    // Not a plain object: its inherited enumerable keys would be iterated too.
    expect(keysInOrder(Object.create({ inherited: 1 }))).toBe(-1);
  });

  it('for 300 large records of strings (written in one call when already in order), nested or not', () => {
    const { next, pick } = seeded(20261204);
    const keyPool = [...KEYS, ...LEADS, ...Array.from({ length: 300 }, (_, i) => `dev/k8s/app-${i}/m.yaml`)];
    let inOrder = 0;
    for (let n = 0; n < 300; n++) {
      const chosen = [...new Set(Array.from({ length: 60 + Math.floor(next() * 150) }, () => pick(keyPool)))];
      // Half the records are built in the order toJson writes (as the manifest's are), half in any order.
      const sorted = next() < 0.5;
      const order = sorted ? orderedKeys(Object.fromEntries(chosen.map((k) => [k, 1]))) : chosen;
      // A quarter have one value of any kind (a number, undefined, a function …) among the strings.
      const odd = next() < 0.25 ? pick(order) : undefined;
      const record: Record<string, unknown> = {};
      for (const key of order)
        Object.defineProperty(record, key, {
          value: key === odd ? pick(SCALARS) : pick(SCALARS.filter((x) => typeof x === 'string')),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      if (sorted && Object.values(record).every((v) => typeof v === 'string')) inOrder++;
      const value = next() < 0.5 ? record : { files: record, z: [record] };
      expect(toJson(value)).toBe(reference(value));
    }
    expect(inOrder).toBeGreaterThan(80);
  });
});
