import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missingPeer } from '../src/drivers/cdktf.js';
import { readTree } from './support/files.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const shop = path.join(repo, 'examples/shop');
const preload = path.join(repo, 'test/support/report-modules.cjs');

/** Runs the built CLI (dist/, built by npm test) and returns which heavy packages it loaded. */
function loadedBy(args: string[], cwd = shop): string[] {
  const run = spawnSync(process.execPath, ['--require', preload, path.join(repo, 'bin/paws.js'), ...args], {
    cwd,
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const line = /PAWS_LOADED_MODULES=(.*)/.exec(run.stderr)?.[1];
  return JSON.parse(line ?? 'null');
}

describe('start-up stays lean: cdktf loads only when a cdktf driver runs', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'paws-out-'));

  it('paws --help loads none of cdktf, the AWS provider, ajv or handlebars, nor yaml or commander outside the bundle', () => {
    expect(loadedBy(['--help'])).toEqual([]);
  });

  it('paws validate --schema-only loads neither cdktf nor the AWS provider (nor ajv: its validators are compiled ahead of time)', () => {
    expect(loadedBy(['validate', '--schema-only', '--image', 'x'])).toEqual([]);
  });

  it('templates of a platform folder load the Handlebars compiler; built-in ones, compiled when paws is built, only its runtime', () => {
    expect(loadedBy(['validate'], path.join(repo, 'examples/custom-type'))).toContain(
      '/node_modules/handlebars/dist/cjs/handlebars/compiler/',
    );
  });

  it('a full validate of a workload with built-in types only loads no ajv (their validators are compiled when paws is built) and nothing from node_modules (Handlebars runtime, yaml and commander are in the bundle)', () => {
    const project = mkdtempSync(path.join(tmpdir(), 'paws-builtin-'));
    writeFileSync(
      path.join(project, 'paws.yaml'),
      'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/api } }\nresources: { cache: { type: redis, params: { version: "7.4" } } }\n',
    );
    expect(loadedBy(['validate'], project)).toEqual([]);
    // The validators compiled ahead of time report as the run-time ones do.
    writeFileSync(
      path.join(project, 'paws.yaml'),
      'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/api } }\nresources: { cache: { type: redis, params: { version: 7, size: big } } }\n',
    );
    const bad = spawnSync(process.execPath, [path.join(repo, 'bin/paws.js'), 'validate'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain(
      'paws.yaml:4:55: error PAWS3104: params of type "redis": resources.cache.params.version must be a string',
    );
    expect(bad.stderr).toContain(
      'paws.yaml:4:58: error PAWS3104: params of type "redis": unknown field "size"',
    );
    rmSync(project, { recursive: true, force: true });
  });

  it('a compile that uses no cdktf driver does not load cdktf', () => {
    expect(
      loadedBy(['compile', '--env', 'dev', '--image', 'x', '--out', path.join(out, 'dev')]),
    ).not.toContain('/node_modules/cdktf/');
  });

  it('the built-in AWS definitions are Terraform templates: a compile for prod does not load cdktf either', () => {
    const loaded = loadedBy(['compile', '--env', 'prod', '--image', 'x', '--out', path.join(out, 'prod')]);
    expect(loaded).not.toContain('/node_modules/cdktf/');
    expect(loaded).not.toContain('/node_modules/@cdktf/provider-aws/');
  });

  it('a cdktf definition does load it (the check can fail)', () => {
    expect(
      loadedBy(['compile', '--out', path.join(out, 'cdktf')], path.join(repo, 'examples/cdktf')),
    ).toEqual(expect.arrayContaining(['/node_modules/cdktf/', '/node_modules/@cdktf/provider-aws/']));
    rmSync(out, { recursive: true, force: true });
  });
});

describe('the CLI bundle', () => {
  it('is ASCII only (Node reads a source with any other character as UTF-16, and V8 compiles it more slowly)', () => {
    const text = readFileSync(path.join(repo, 'dist/bundle/cli.cjs'), 'utf8');
    expect(text.match(/[^\0-\x7f]/g) ?? []).toEqual([]);
    // What an escape stands for is unchanged: a hint with an ellipsis prints it.
    const project = mkdtempSync(path.join(tmpdir(), 'paws-ascii-'));
    writeFileSync(path.join(project, 'paws.yaml'), 'just a string\n');
    const run = spawnSync(process.execPath, [path.join(repo, 'bin/paws.js'), 'validate'], {
      cwd: project,
      encoding: 'utf8',
    });
    rmSync(project, { recursive: true, force: true });
    expect(run.stderr).toContain('followed by "metadata:" …');
  });
});

describe('cdktf is an optional peer dependency', () => {
  it.each([
    [
      "Cannot find package 'cdktf' imported from /app/node_modules/paws-compiler/dist/drivers/cdktf-runtime.js",
      'cdktf',
    ],
    ["Cannot find package '@cdktf/provider-aws' imported from /app/platform/sns.mjs", '@cdktf/provider-aws'],
    ["Cannot find module '/app/node_modules/constructs/index.js' imported from /x.js", 'constructs'],
    ["Cannot find package 'left-pad' imported from /app/platform/sns.mjs", undefined],
  ])('%s → %s', (message, expected) => {
    const error = Object.assign(new Error(message), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(missingPeer(error)).toBe(expected);
  });

  it('is not a dependency of the package, only a peer (optional) and a devDependency', () => {
    const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
    for (const name of ['cdktf', '@cdktf/provider-aws', 'constructs']) {
      expect(manifest.dependencies[name]).toBeUndefined();
      expect(manifest.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(manifest.devDependencies[name]).toBe(manifest.peerDependencies[name]);
    }
  });
});

/** The built CLI compiling the shop into `out`. */
const compileShop = (out: string) =>
  spawnSync(
    process.execPath,
    [
      path.join(repo, 'bin/paws.js'),
      'compile',
      '--image',
      'registry.example.com/shop/api:1.0.0',
      '--out',
      out,
    ],
    { cwd: shop, encoding: 'utf8' },
  );

describe('the built package (precompiled templates and validators) writes what the sources write', () => {
  it('paws compile of the shop equals its checked-in output', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'paws-built-'));
    const run = compileShop(out);
    expect(run.status, run.stderr).toBe(0);
    const written = readTree(out);
    const expected = readTree(path.join(shop, 'expected'));
    // The manifest also records the inputs' fingerprint, which the checked-in one (made through the API) lacks.
    delete written['.paws-manifest.json'];
    delete expected['.paws-manifest.json'];
    expect(written).toEqual(expected);
    // Compiled again by the same build: nothing to do (the fingerprint holds dist/build-id.json).
    const again = compileShop(out);
    expect(again.stdout).toContain('(inputs unchanged since the last compile)');
    expect(readFileSync(path.join(repo, 'dist/build-id.json'), 'utf8')).toMatch(
      /^\{"build":"[0-9a-f]{64}"\}\n$/,
    );
    rmSync(out, { recursive: true, force: true });
  });
});
