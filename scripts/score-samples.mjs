// The Score sample projects: every folder of examples/score/samples (vendored) that holds YAML files is one
// project (its files plus any file examples/score/extra/ adds for it), compiled with no platform
// folder: the built-in catalog alone. Used by npm run examples:update and by the tests.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
export const SAMPLES_DIR = path.resolve(repo, 'examples/score/samples');
export const SCORE_EXAMPLE = path.join(repo, 'examples/score');
export const SAMPLE_IMAGE = 'registry.example.com/score/built-by-ci:1.0.0';

function filesIn(dir) {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => statSync(path.join(dir, name)).isFile())
        .sort()
    : [];
}

/** [{ id, files: { 'project/<file>': content } }] in a stable order. */
export function scoreProjects() {
  const projects = [];
  const visit = (dir) => {
    const names = readdirSync(dir).sort();
    const yaml = filesIn(dir).filter((name) => name.endsWith('.yaml'));
    if (yaml.length > 0) {
      const id = path.relative(SAMPLES_DIR, dir).split(path.sep).join('/');
      const files = {};
      for (const name of filesIn(dir)) files[`project/${name}`] = readFileSync(path.join(dir, name), 'utf8');
      const extra = path.join(SCORE_EXAMPLE, 'extra', id);
      for (const name of filesIn(extra))
        files[`project/${name}`] = readFileSync(path.join(extra, name), 'utf8');
      projects.push({ id, yaml: yaml.map((name) => `project/${name}`), files });
    }
    for (const name of names) if (statSync(path.join(dir, name)).isDirectory()) visit(path.join(dir, name));
  };
  visit(SAMPLES_DIR);
  return projects;
}
