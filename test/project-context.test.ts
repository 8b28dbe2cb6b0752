import { existsSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHost, createNodeHost } from '../src/index.js';
import { runCli } from './helpers.js';
import { shopRepository } from './support/repo.js';

const image = ['--image', 'registry.example.com/shop/api:1.0.0'];
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('commands find the project like git finds a repository', () => {
  it('from services/api: compile covers the whole project with its platform, into the project’s out/', async () => {
    const dir = shopRepository('paws-context-');
    made.push(dir);
    const host = createNodeHost(path.join(dir, 'services/api'));
    const run = await runCli(['compile', ...image], { host });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('compiled 4 environments (dev, pr-preview, prod, staging)');
    expect(existsSync(path.join(dir, 'out/prod/kubernetes/worker/manifests.yaml'))).toBe(true);
    expect(existsSync(path.join(dir, 'services/api/out'))).toBe(false);
  });

  it('from services/api: validate, plan and explain focus on the workload there', async () => {
    const dir = shopRepository('paws-context-');
    made.push(dir);
    const host = createNodeHost(path.join(dir, 'services/api'));
    const validate = await runCli(['validate', ...image], { host });
    // api shares its database with worker: worker is checked too, as a compile would, and not shown.
    expect(validate.stdout).toMatch(/^valid: 1 workload \(with 1 it refers to\); platform: 4 environments/);
    const plan = await runCli(['plan', '--env', 'prod', ...image], { host });
    expect(plan.stdout).toContain('← api.db');
    expect(plan.stdout).not.toMatch(/^ {4}worker \(/m);
    const explain = await runCli(['explain', 'db', '--env', 'prod'], { host });
    expect(explain.exitCode).toBe(0);
    expect(explain.stdout).toContain('api.db in environment prod (type production)');
  });

  it('a misspelt platform folder is a warning, not silence (PAWS1013)', async () => {
    const dir = shopRepository('paws-context-');
    made.push(dir);
    renameSync(path.join(dir, 'platform'), path.join(dir, 'platfrom'));
    const run = await runCli(['validate', ...image], { host: createNodeHost(dir) });
    expect(run.stderr).toContain(
      'warning PAWS1013: no platform folder; "platfrom" looks like a misspelt "platform"',
    );
  });
});

describe('explain and graph need no --env when there is one environment', () => {
  const files = {
    'paws.yaml':
      'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web } }\nresources: { db: { type: postgres } }\n',
  };
  it('explain api db', async () => {
    const run = await runCli(['explain', 'api', 'db'], { host: createMemoryHost(files) });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('api.db in environment dev');
  });
  it('graph', async () => {
    const run = await runCli(['graph'], { host: createMemoryHost(files) });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('api');
  });
  it('with several environments, they are named', async () => {
    const several = {
      ...files,
      'platform/env.yaml':
        'apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: aa }\nspec: {}\n---\napiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: bb }\nspec: {}\n',
    };
    const run = await runCli(['graph'], { host: createMemoryHost(several) });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('2 environments (aa, bb): choose one with --env');
  });
});
