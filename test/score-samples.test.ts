import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLE_IMAGE, SCORE_EXAMPLE, scoreProjects } from '../scripts/score-samples.mjs';
import { MANIFEST_FILE, manifestFor } from '../src/write/index.js';
import { toJson } from '../src/write/serialize.js';
import { resourceDefinitions } from '../src/diff/compare.js';
import { compile, createMemoryHost, createNodeHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { validateYamlFiles } from './support/k8s-schemas.js';
import { runCli } from './helpers.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const samplesDir = path.resolve(repo, 'examples/score/samples');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? yamlFiles(full) : name.endsWith('.yaml') ? [full] : [];
    });
}

const samples = yamlFiles(samplesDir);

describe('every Score sample validates unchanged', () => {
  it('finds the sample corpus', () => {
    expect(samples.length).toBeGreaterThanOrEqual(19);
  });

  it.each(samples.map((file) => [path.relative(samplesDir, file), file]))('%s', async (_name, file) => {
    const { exitCode, stdout, stderr } = await runCli(
      // One file at a time: a file of a two-workload project names the other, so the schema pass only.
      ['validate', '--schema-only', file, '--image', 'registry.example.com/app:1'],
      { host: createNodeHost(repo) },
    );
    // Findings may be only warnings: an image that starts as root (busybox, nginx), and the made-up
    // types of score-full.yaml, which nothing provisions without a platform folder.
    const text = readFileSync(file, 'utf8');
    const findings: string[] = stderr.match(/(error|warning) PAWS\d+/g) ?? [];
    // (A root image gets baseline when resolution runs; the schema pass says nothing of it.)
    expect(findings.filter((f) => f !== 'warning PAWS2302')).toEqual([]);
    expect(findings.includes('warning PAWS2302')).toBe(
      /type: (Resource-One|Resource-Two|Type-Three)/.test(text),
    );
    expect(stdout).toMatch(/^valid: 1 workload;/);
    expect(exitCode).toBe(0);
  });
});

describe('every Score sample compiles unchanged, into the checked-in output, with valid Kubernetes objects', () => {
  const projects = scoreProjects();

  it('covers every sample file', () => {
    expect(
      projects.flatMap((p) => p.yaml.map((y) => `${p.id}/${y.slice('project/'.length)}`)).sort(),
    ).toEqual(samples.map((s) => path.relative(samplesDir, s)).sort());
  });

  it.each(projects.map((p) => [p.id, p] as const))('%s', async (_id, project) => {
    const result = await compile(
      { paths: project.yaml, image: SAMPLE_IMAGE },
      createMemoryHost(project.files),
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const file of project.yaml)
      expect(project.files[file]).toBe(
        readFileSync(path.join(samplesDir, project.id, file.slice('project/'.length)), 'utf8'),
      );
    await validateYamlFiles(result.files);
    const expected = readTree(path.join(SCORE_EXAMPLE, 'expected', project.id));
    const actual = Object.fromEntries([
      ...result.files.map((f) => [f.path, f.content]),
      [MANIFEST_FILE, toJson(manifestFor(result.files, resourceDefinitions(result.planned?.plans ?? [])))],
    ]);
    expect(actual).toEqual(expected);
  });
});
