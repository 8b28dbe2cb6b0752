// Recompiles every example into examples/<name>/expected (the golden output the tests compare with).
// Run after a change that alters output on purpose: npm run examples:update
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resourceDefinitions } from '../dist/diff/compare.js';
import { toYaml } from '../dist/write/serialize.js';
import { backstageEntities } from '../dist/emitters/backstage.js';
import { compile, createMemoryHost, createNodeHost, writeOutput } from '../dist/index.js';
import { SAMPLE_IMAGE, SCORE_EXAMPLE, scoreProjects } from './score-samples.mjs';

const root = fileURLToPath(new URL('../examples/', import.meta.url));
const examples = JSON.parse(readFileSync(`${root}examples.json`, 'utf8'));
let failed = false;
for (const example of examples) {
  const host = createNodeHost(`${root}${example.name}`);
  const result = await compile({ ...(example.image ? { image: example.image } : {}) }, host);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    console.error(`${example.name}: ${errors.map((e) => `${e.code} ${e.message}`).join('\n')}`);
    failed = true;
    continue;
  }
  const written = writeOutput(host, `${root}${example.name}/expected`, result.files, {
    force: true,
    resources: resourceDefinitions(result.planned?.plans ?? []),
  });
  console.log(
    `${example.name}: ${written.written.length} written, ${written.removed.length} removed, ${written.unchanged.length} unchanged`,
  );
  // Its Backstage entities, where Backstage discovers them: catalog-info.yaml beside the specs.
  if (example.backstage) {
    const entities = backstageEntities(result.planned?.plans ?? []);
    writeFileSync(`${root}${example.name}/catalog-info.yaml`, toYaml(entities));
    console.log(`${example.name}: catalog-info.yaml (${entities.length} entities)`);
  }
}
// The Score samples: each sample folder compiled on its own, into examples/score/expected/<sample>/.
for (const project of scoreProjects()) {
  const host = createMemoryHost(project.files);
  const result = await compile({ paths: project.yaml, image: SAMPLE_IMAGE }, host);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    console.error(
      `score/${project.id}: ${errors.map((e) => `${e.file}:${e.line}: ${e.code} ${e.message}`).join('\n')}`,
    );
    failed = true;
    continue;
  }
  const disk = createNodeHost(SCORE_EXAMPLE);
  const written = writeOutput(disk, `${SCORE_EXAMPLE}/expected/${project.id}`, result.files, {
    force: true,
    resources: resourceDefinitions(result.planned?.plans ?? []),
  });
  console.log(`score/${project.id}: ${written.written.length} written, ${written.removed.length} removed`);
}
process.exitCode = failed ? 1 : 0;
