import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackgroundWrites, createTextChunks, encodeTexts } from '../src/compiler/background-writes.js';
import { MANIFEST_FILE, openOutput, writeOutput } from '../src/write/index.js';
import { compile, createMemoryHost, createNodeHost, openOutput as openFromApi } from '../src/index.js';
import { runCli } from './helpers.js';
import { DEV_AND_PROD } from './support/fixtures.js';

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'paws-stream-'));
  temporary.push(dir);
  return dir;
};

const envFiles = (env: string, n: number, tag = 'v1') =>
  Array.from({ length: n }, (_, i) => ({
    path: `${env}/kubernetes/app${i}/manifests.yaml`,
    content: `${tag}: ${env}-${i} é\n`,
  }));

/** Files as one encoded batch, as the output writer hands them to the writing thread. */
const batch = (files: readonly { file: string; content: string }[], allocate?: (size: number) => Buffer) => {
  const { bytes, ranges } = encodeTexts(
    files.map((f) => f.content),
    allocate,
  );
  return {
    bytes,
    files: files.map((f, i) => ({ file: f.file, ...(ranges[i] as { start: number; end: number }) })),
  };
};

/** Every file below the folder's parent: the output, and any staging, backup or lock left beside it. */
const snapshot = (host: ReturnType<typeof createMemoryHost>) =>
  Object.fromEntries([...host.files].map(([p, c]) => [p, new TextDecoder().decode(c)]));

describe('background writes (a worker thread)', () => {
  it('puts every queued file on disk, folders made, by the time settle returns', () => {
    const dir = tempDir();
    const inline: string[] = [];
    const writes = createBackgroundWrites((file, content) => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      inline.push(file);
    });
    const files = Array.from({ length: 300 }, (_, i) => ({
      file: path.join(dir, `env/kubernetes/app${i % 7}/file${i}.yaml`),
      content: `n: ${i} ☃\n`,
    }));
    writes.write(batch(files.slice(0, 150)));
    writes.write(batch(files.slice(150)));
    expect(inline).toEqual([]);
    writes.settle();
    for (const { file, content } of files) expect(readFileSync(file, 'utf8')).toBe(content);
    expect(new Set(inline).size).toBe(inline.length);
  });

  it('settle writes, beside the thread, the files it has not taken yet (each file once)', () => {
    const dir = tempDir();
    const inline: string[] = [];
    const writes = createBackgroundWrites((file, content) => {
      writeFileSync(file, content);
      inline.push(file);
    });
    const files = Array.from({ length: 3000 }, (_, i) => ({
      file: path.join(dir, `${i}.yaml`),
      content: `${i}`,
    }));
    writes.write(batch(files));
    // The thread is still starting: this thread takes most of the files.
    writes.settle();
    expect(inline.length).toBeGreaterThan(0);
    expect(new Set(inline).size).toBe(inline.length);
    for (const { file, content } of files) expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('reports a failure of the files written here at settle, after the thread is done', () => {
    const dir = tempDir();
    let tried = 0;
    const writes = createBackgroundWrites(() => {
      tried++;
      throw new Error('disk full');
    });
    const files = Array.from({ length: 3000 }, (_, i) => ({
      file: path.join(dir, `${i}.yaml`),
      content: 'x',
    }));
    writes.write(batch(files));
    expect(() => writes.settle()).toThrow('disk full');
    // Only the first failed here; the thread's files are all on disk by then.
    expect(tried).toBe(1);
    expect(readdirSync(dir).length).toBeLessThan(3000);
  });

  it('throws the first failure from settle, then starts clean', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'blocker'), 'a file where a folder is needed');
    const writes = createBackgroundWrites((file, content) => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    });
    const bad = Array.from({ length: 100 }, (_, i) => ({
      file: path.join(dir, i === 20 ? 'blocker/inside.yaml' : `ok/${i}.yaml`),
      content: 'x\n',
    }));
    writes.write(batch(bad));
    expect(() => writes.settle()).toThrow(/ENOTDIR|EEXIST/);
    const good = Array.from({ length: 100 }, (_, i) => ({
      file: path.join(dir, `again/${i}.yaml`),
      content: 'y\n',
    }));
    writes.write(batch(good));
    expect(() => writes.settle()).not.toThrow();
    expect(readdirSync(path.join(dir, 'again'))).toHaveLength(100);
  });

  it("reuses a batch's memory once its files are on disk (new memory costs a page fault per 4 KiB first written)", () => {
    const dir = tempDir();
    const writes = createBackgroundWrites((file, content) => writeFileSync(file, content));
    const files = (tag: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        file: path.join(dir, `${tag}${i}.yaml`),
        content: `${tag}: ${i}\n`,
      }));
    const first = batch(files('a', 200), (size) => writes.buffer(size));
    writes.write(first);
    // Still being written: the next batch gets memory of its own.
    const second = batch(files('b', 200), (size) => writes.buffer(size));
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer);
    writes.write(second);
    writes.settle();
    const third = batch(files('c', 100), (size) => writes.buffer(size));
    expect([first.bytes.buffer, second.bytes.buffer]).toContain(third.bytes.buffer);
    writes.write(third);
    writes.settle();
    for (const { file, content } of [...files('a', 200), ...files('b', 200), ...files('c', 100)])
      expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('writes files here rather than take new memory while too much waits for the thread', () => {
    const dir = tempDir();
    const inline: string[] = [];
    const writes = createBackgroundWrites(
      (file, content) => {
        writeFileSync(file, content);
        inline.push(file);
      },
      { maxUnwritten: 1024 },
    );
    const files = Array.from({ length: 3000 }, (_, i) => ({
      file: path.join(dir, `${i}.yaml`),
      content: `${i}\n`,
    }));
    const first = batch(files, (size) => writes.buffer(size));
    writes.write(first);
    // The thread is still starting: this thread writes what it has not taken, and reuses the memory.
    expect(writes.buffer(100).buffer).toBe(first.bytes.buffer);
    expect(inline.length).toBeGreaterThan(0);
    writes.settle();
    expect(new Set(inline).size).toBe(inline.length);
    for (const { file, content } of files) expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('reports at settle a failure of a file written here to free memory', () => {
    const dir = tempDir();
    let tried = 0;
    const writes = createBackgroundWrites(
      () => {
        tried++;
        throw new Error('disk full');
      },
      { maxUnwritten: 1024 },
    );
    const files = Array.from({ length: 3000 }, (_, i) => ({
      file: path.join(dir, `${i}.yaml`),
      content: 'x',
    }));
    writes.write(batch(files, (size) => writes.buffer(size)));
    writes.buffer(100);
    // Failed here, while making room: the rest of what this thread took is claimed, not written.
    expect(tried).toBe(1);
    expect(() => writes.settle()).toThrow('disk full');
    expect(() => writes.settle()).not.toThrow();
  });

  it('refuses a batch in the memory of one still being written (that memory is reused as a whole)', () => {
    const dir = tempDir();
    const writes = createBackgroundWrites((file, content) => writeFileSync(file, content));
    const files = Array.from({ length: 200 }, (_, i) => ({
      file: path.join(dir, `${i}.yaml`),
      content: `${i}\n`,
    }));
    const whole = batch(files);
    const half = (from: number, to: number) => ({ bytes: whole.bytes, files: whole.files.slice(from, to) });
    writes.write(half(0, 100));
    expect(() => writes.write(half(100, 200))).toThrow(/shares its memory/);
    writes.settle();
    // Once the first is on disk, its memory may take another batch; then it is not spare.
    writes.write(half(100, 200));
    expect(writes.buffer(whole.bytes.length).buffer).not.toBe(whole.bytes.buffer);
    writes.settle();
    for (const { file, content } of files) expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('writes a small batch at once, without a thread', () => {
    const written: string[] = [];
    const writes = createBackgroundWrites((file) => written.push(file));
    writes.write(batch([{ file: '/nowhere/a.yaml', content: 'a' }]));
    expect(written).toEqual(['/nowhere/a.yaml']);
    writes.settle();
  });
});

describe('texts encoded one by one into chunks', () => {
  it('gives each text its exact UTF-8 bytes, in chunks that grow, and a new chunk after seal', () => {
    const sizes: number[] = [];
    const chunks = createTextChunks((size) => {
      sizes.push(size);
      return Buffer.alloc(size);
    });
    // Three bytes per unit (☃), two (é), one, and a text larger than the first chunk.
    const texts = [
      ...Array.from({ length: 500 }, (_, i) => `${i}: ☃é ${'x'.repeat(i)}\n`),
      'y'.repeat(1_000_000),
      '',
    ];
    const views = texts.map((text) => chunks.encode(text));
    views.forEach((view, i) => expect(view.toString('utf8')).toBe(texts[i]));
    expect(sizes[0]).toBe(64 * 1024);
    expect(sizes[1]).toBeGreaterThanOrEqual(128 * 1024);
    expect(sizes).toContain(1_000_000);
    // Views of one chunk do not overlap.
    const first = views.filter((v) => v.buffer === views[0]?.buffer);
    expect(first.length).toBeGreaterThan(10);
    first
      .slice(1)
      .forEach((v, i) =>
        expect(v.byteOffset).toBe((first[i] as Buffer).byteOffset + (first[i] as Buffer).length),
      );
    const before = views[views.length - 1]?.buffer;
    chunks.seal();
    expect(chunks.encode('after').buffer).not.toBe(before);
  });
});

describe('the output writer, fed one environment at a time', () => {
  it('writes files encoded into several chunks on the Node host, each from its own range', () => {
    const dir = tempDir();
    const files = [...envFiles('dev', 150), ...envFiles('prod', 150)].map((f, i) => ({
      ...f,
      // Large enough that the files take several chunks, and that the thread writes them.
      content: `${f.content}${'z'.repeat(i * 37)}\n`,
    }));
    const host = createNodeHost(dir);
    const opened = openOutput(host, `${dir}/out`);
    if (!('writer' in opened)) throw new Error('refused');
    for (const env of ['dev', 'prod']) {
      const chunks = createTextChunks((size) => host.outputBuffer?.(size) ?? Buffer.alloc(size));
      const own = files.filter((f) => f.path.startsWith(`${env}/`));
      const encoded = own.map((f) => ({ path: f.path, bytes: chunks.encode(f.content) }));
      expect(new Set(encoded.map((f) => f.bytes.buffer)).size).toBeGreaterThan(1);
      opened.writer.addEncoded(encoded);
    }
    const result = opened.writer.finish();
    expect(result).toEqual(writeOutput(createMemoryHost({}), '/work/out', files));
    for (const f of files) expect(readFileSync(`${dir}/out/${f.path}`, 'utf8')).toBe(f.content);
  });

  it('commits every environment together, as one write of them all would', () => {
    const streamed = createMemoryHost({});
    const opened = openOutput(streamed, '/work/out');
    if (!('writer' in opened)) throw new Error('refused');
    opened.writer.add(envFiles('prod', 3));
    opened.writer.add(envFiles('dev', 2));
    const result = opened.writer.finish();
    const whole = createMemoryHost({});
    const once = writeOutput(whole, '/work/out', [...envFiles('dev', 2), ...envFiles('prod', 3)]);
    expect(result).toEqual(once);
    expect(result.written[0]).toBe('dev/kubernetes/app0/manifests.yaml');
    expect(snapshot(streamed)).toEqual(snapshot(whole));
  });

  it('a refusal found in a later environment leaves the folder as it was, and the lock free', () => {
    const host = createMemoryHost({});
    writeOutput(host, '/work/out', [...envFiles('dev', 2), ...envFiles('prod', 2)]);
    host.writeFile('/work/out/prod/kubernetes/app9/manifests.yaml', 'mine\n');
    const before = snapshot(host);
    const opened = openOutput(host, '/work/out');
    if (!('writer' in opened)) throw new Error('refused');
    opened.writer.add(envFiles('dev', 2, 'v2'));
    opened.writer.add(envFiles('prod', 10, 'v2'));
    const result = opened.writer.finish();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['PAWS5008']);
    expect(snapshot(host)).toEqual(before);
    expect('writer' in openOutput(host, '/work/out')).toBe(true);
  });

  it('abort leaves the folder as it was and releases the lock', () => {
    const host = createMemoryHost({});
    writeOutput(host, '/work/out', envFiles('dev', 2));
    const before = snapshot(host);
    const opened = openOutput(host, '/work/out');
    if (!('writer' in opened)) throw new Error('refused');
    opened.writer.add(envFiles('dev', 2, 'v2'));
    opened.writer.abort();
    opened.writer.abort();
    expect(snapshot(host)).toEqual(before);
    expect(() => opened.writer.add(envFiles('dev', 1))).toThrow(/closed/);
    expect('writer' in openOutput(host, '/work/out')).toBe(true);
  });

  it('writes on a worker thread for the Node host, with the same result as in memory', () => {
    const dir = tempDir();
    const files = [...envFiles('dev', 120), ...envFiles('prod', 120)];
    const onDisk = writeOutput(createNodeHost(dir), `${dir}/out`, files);
    const inMemory = writeOutput(createMemoryHost({}), '/work/out', files);
    expect(onDisk).toEqual(inMemory);
    expect(readFileSync(`${dir}/out/prod/kubernetes/app119/manifests.yaml`, 'utf8')).toBe('v1: prod-119 é\n');
    expect(JSON.parse(readFileSync(`${dir}/out/${MANIFEST_FILE}`, 'utf8')).files).toHaveProperty([
      'dev/kubernetes/app0/manifests.yaml',
    ]);
    expect(readdirSync(dir)).toEqual(['out']);
  });
});

describe('paws compile, environment by environment', () => {
  const memcached = `apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: memcached }
spec:
  outputs: { type: object, required: [host], properties: { host: { type: string } } }
---
apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: memcached-dev }
spec:
  type: memcached
  match: { environmentTypes: [development] }
  driver: { kind: static }
  outputs: { host: memcached.local }
`;
  const files = {
    'paws.yaml':
      'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web:1 } }\nresources: { cache: { type: memcached } }\n',
    'platform/memcached.yaml': memcached,
    'platform/environments.yaml': DEV_AND_PROD,
  };

  it('writes nothing when a later environment fails, though an earlier one was already handed over', async () => {
    const host = createMemoryHost(files);
    const run = await runCli(['compile'], { host });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/error PAWS3\d{3}: .*"prod"/);
    expect(
      [...host.files.keys()].filter(
        (p) => !p.startsWith('/work/paws.yaml') && !p.startsWith('/work/platform/'),
      ),
    ).toEqual([]);
  });

  it('writes the environment that resolves when it is compiled alone', async () => {
    const host = createMemoryHost(files);
    const run = await runCli(['compile', '--env', 'dev'], { host });
    expect(run.stderr).toContain('0 errors');
    expect(run.exitCode).toBe(0);
    expect(host.files.has('/work/out/dev/kubernetes/api/manifests.yaml')).toBe(true);
    expect(
      [...host.files.keys()].filter((p) => p.includes('paws-staging') || p.includes('paws-lock')),
    ).toEqual([]);
  });
});

describe('the library API, environment by environment', () => {
  it('compile({ onFiles }) into openOutput writes what compile() and writeOutput write', async () => {
    const files = {
      'paws.yaml':
        'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web:1 } }\nresources: { db: { type: postgres } }\n',
    };
    const whole = createMemoryHost(files);
    const once = await compile({}, whole);
    writeOutput(whole, '/work/out', once.files);
    const streamed = createMemoryHost(files);
    const opened = openFromApi(streamed, '/work/out');
    if (!('writer' in opened)) throw new Error('refused');
    const handed: string[] = [];
    const result = await compile(
      {
        keepPlans: false,
        onFiles: (plan, environmentFiles) => {
          handed.push(plan.environment.name);
          opened.writer.add(environmentFiles);
        },
      },
      streamed,
    );
    expect(result.files).toEqual([]);
    expect(result.planned?.plans).toEqual([]);
    expect(handed).toEqual(['dev']);
    opened.writer.finish();
    expect(snapshot(streamed)).toEqual(snapshot(whole));
  });
});
