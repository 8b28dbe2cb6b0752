import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const shop = path.join(repo, 'examples/shop');
const preload = path.join(repo, 'test/support/report-modules.cjs');

/** Runs the built CLI (dist/, built by npm test) and returns which heavy packages it loaded. */
function loadedBy(args: string[]): string[] {
  const run = spawnSync(process.execPath, ['--require', preload, path.join(repo, 'bin/paws.js'), ...args], {
    cwd: shop,
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const line = /PAWS_LOADED_MODULES=(.*)/.exec(run.stderr)?.[1];
  return JSON.parse(line ?? 'null');
}

describe('start-up stays lean: cdktf loads only when a cdktf driver runs', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'paws-out-'));

  it('paws --help loads none of cdktf, the AWS provider, ajv or handlebars', () => {
    expect(loadedBy(['--help'])).toEqual([]);
  });

  it('paws validate --schema-only loads neither cdktf nor the AWS provider (nor ajv: its validators are compiled ahead of time)', () => {
    expect(loadedBy(['validate', '--schema-only', '--image', 'x'])).toEqual([]);
  });

  it('a compile that uses no cdktf driver does not load cdktf', () => {
    expect(
      loadedBy(['compile', '--env', 'dev', '--image', 'x', '--out', path.join(out, 'dev')]),
    ).not.toContain('/node_modules/cdktf/');
  });

  it('a compile with AWS definitions does load it (the check can fail)', () => {
    expect(loadedBy(['compile', '--env', 'prod', '--image', 'x', '--out', path.join(out, 'prod')])).toEqual(
      expect.arrayContaining(['/node_modules/cdktf/', '/node_modules/@cdktf/provider-aws/']),
    );
    rmSync(out, { recursive: true, force: true });
  });
});
