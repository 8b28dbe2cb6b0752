import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../src/index.js';
import { brief, runCli, validateFiles } from './helpers.js';

const valid = 'apiVersion: paws.dev/v1\nmetadata:\n  name: api\ncontainers:\n  main:\n    image: acme/web\n';

function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

// Each bad input: the file content, the expected diagnostics as CODE@line:col.
const cases: { name: string; content: string | Uint8Array; expected: string[] }[] = [
  {
    name: 'malformed YAML (unclosed flow sequence)',
    content: 'apiVersion: paws.dev/v1\nmetadata: { name: api\n',
    expected: ['PAWS1004@3:1'],
  },
  {
    name: 'tab indentation',
    content: 'apiVersion: paws.dev/v1\nmetadata:\n\tname: api\n',
    expected: ['PAWS1005@3:1'],
  },
  {
    name: 'duplicate key',
    content:
      'apiVersion: paws.dev/v1\nmetadata:\n  name: api\n  name: web\ncontainers:\n  main: { image: acme/web }\n',
    expected: ['PAWS1006@4:3'],
  },
  { name: 'alias bomb (billion laughs)', content: billionLaughs(), expected: ['PAWS1007@2:8'] },
  { name: 'empty file', content: '', expected: ['PAWS1008@1:1'] },
  { name: 'comments only', content: '# nothing here\n', expected: ['PAWS1008@1:1'] },
  { name: 'empty second document', content: `${valid}---\n`, expected: [] },
  // Like kubectl, an empty document between others is skipped; only a file with no content is an error.
  {
    name: 'empty document between two',
    content: `${valid}---\n---\n${valid.replace('name: api', 'name: web')}`,
    expected: [],
  },
  { name: 'a list, not a mapping', content: '- apiVersion: paws.dev/v1\n', expected: ['PAWS1009@1:1'] },
  { name: 'a scalar, not a mapping', content: 'just text\n', expected: ['PAWS1009@1:1'] },
  {
    name: 'not UTF-8 (Latin-1 é on line 3)',
    content: new Uint8Array([...Buffer.from('apiVersion: paws.dev/v1\nmetadata:\n  name: caf'), 0xe9, 0x0a]),
    expected: ['PAWS1002@3:12'],
  },
  {
    name: '10 MB file',
    content: `${valid}# ${'x'.repeat(10 * 1024 * 1024)}\n`,
    expected: ['PAWS1003@1:1'],
  },
];

describe('load: bad input gets a positioned diagnostic', () => {
  it.each(cases)('$name', ({ content, expected }) => {
    const result = validateFiles({ 'paws.yaml': content });
    expect(result.diagnostics.map(brief)).toEqual(expected);
    for (const d of result.diagnostics) {
      expect(d.file).toBe('paws.yaml');
      expect(d.message).not.toMatch(/\n\s+at /);
    }
  });

  it('reports the empty trailing document case as valid', () => {
    expect(validateFiles({ 'paws.yaml': `${valid}---\n` }).project?.workloads).toHaveLength(1);
  });

  it('reads several workloads from one multi-document file', () => {
    const result = validateFiles({ 'paws.yaml': `${valid}---\n${valid.replace('name: api', 'name: web')}` });
    expect(result.diagnostics).toEqual([]);
    expect(result.project?.workloads.map((w) => w.name)).toEqual(['api', 'web']);
  });

  it('never prints a stack trace for bad input', async () => {
    for (const { content } of cases) {
      const { stdout, stderr } = await runCli(['validate'], {
        files: {
          'paws.yaml': typeof content === 'string' ? content : Buffer.from(content).toString('latin1'),
        },
      });
      expect(stdout + stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
      expect(stdout + stderr).not.toContain('PAWS9001');
    }
  });
});

describe('discovery', () => {
  const files = {
    'paws.yaml': valid,
    'services/web/web.paws.yaml': valid.replace('name: api', 'name: web'),
    'services/legacy/score.yaml': valid
      .replace('paws.dev/v1', 'score.dev/v1b1')
      .replace('name: api', 'name: legacy'),
    'services/notes.yaml': 'not: a workload\n',
    'node_modules/pkg/paws.yaml': 'broken: [\n',
    'out/dev/paws.yaml': 'broken: [\n',
    '.git/paws.yaml': 'broken: [\n',
    'platform/types.yaml':
      'apiVersion: paws.dev/v1\nkind: ResourceType\nmetadata: { name: queue }\nspec: { outputs: { type: object } }\n',
  };

  it('finds paws.yaml, *.paws.yaml and score.yaml below the working directory, skipping node_modules, dot-folders and the output folder', () => {
    const result = validateFiles(files);
    expect(result.diagnostics).toEqual([]);
    expect(result.project?.workloads.map((w) => w.document.source.displayPath)).toEqual([
      'paws.yaml',
      'services/legacy/score.yaml',
      'services/web/web.paws.yaml',
    ]);
    expect(result.project?.platform.resourceTypes.get('queue')?.builtin).toBe(false);
  });

  it('takes files, folders and globs given as paths', () => {
    expect(validateFiles(files, { paths: ['services'] }).project?.workloads.map((w) => w.name)).toEqual([
      'legacy',
      'web',
    ]);
    expect(
      validateFiles(files, { paths: ['services/**/*.paws.yaml'] }).project?.workloads.map((w) => w.name),
    ).toEqual(['web']);
    expect(
      validateFiles(files, { paths: ['services/{web,legacy}/*.yaml'] }).project?.workloads.map((w) => w.name),
    ).toEqual(['legacy', 'web']);
    expect(validateFiles(files, { paths: ['services/notes.yaml'] }).diagnostics.map(brief)).toEqual([
      'PAWS2001@1:1',
    ]);
  });

  it('reports paths that match nothing, and an empty repository', () => {
    expect(validateFiles(files, { paths: ['nope/*.yaml'] }).diagnostics.map(brief)).toEqual(['PAWS1011@-:-']);
    expect(validateFiles(files, { paths: ['missing.yaml'] }).diagnostics.map(brief)).toEqual([
      'PAWS1011@-:-',
    ]);
    expect(validateFiles({ 'README.md': '# hi' }).diagnostics.map(brief)).toEqual(['PAWS1010@-:-']);
  });

  it('finds the platform folder from --platform, paws.config.yaml or ./platform', () => {
    const platformFile = files['platform/types.yaml'];
    const custom = { 'paws.yaml': valid, 'infra/platform/types.yaml': platformFile };
    expect(validateFiles(custom).project?.platform.resourceTypes.has('queue')).toBe(false);
    expect(
      validateFiles(custom, { platform: 'infra/platform' }).project?.platform.resourceTypes.has('queue'),
    ).toBe(true);
    const configured = { ...custom, 'paws.config.yaml': 'platform: infra/platform\n' };
    expect(validateFiles(configured).project?.platform.resourceTypes.has('queue')).toBe(true);
    expect(validateFiles(custom, { platform: 'nowhere' }).diagnostics.map(brief)).toEqual(['PAWS1011@-:-']);
    expect(
      validateFiles({ ...custom, 'paws.config.yaml': 'platform: nowhere\n' }).diagnostics.map(brief),
    ).toEqual(['PAWS1001@1:11']);
    expect(
      validateFiles({ ...custom, 'paws.config.yaml': 'platfrom: infra\n' }).diagnostics.map(brief),
    ).toEqual(['PAWS2101@1:1']);
  });
});

describe('load: folder discovery takes the names Score samples use', () => {
  const workload = (name: string) =>
    `apiVersion: score.dev/v1b1\nmetadata: { name: ${name} }\ncontainers: { main: { image: acme/web } }\n`;
  it('score.yaml, score2.yaml, scoreA.yaml, api.score.yaml, paws.yaml, x.paws.yaml; a skipped look-alike is a warning', async () => {
    const host = createMemoryHost({
      'a/score.yaml': workload('aa'),
      'a/score2.yaml': workload('bb'),
      'b/scoreA.yaml': workload('cc'),
      'c/api.score.yaml': workload('dd'),
      'd/paws.yaml': workload('ee'),
      'd/x.paws.yaml': workload('ff'),
      'e/workload.yaml': workload('gg'),
      'e/deployment.yaml': 'apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: x }\n',
    });
    const run = await runCli(['validate', '--schema-only'], { host });
    expect(run.stdout).toMatch(/^valid: 6 workloads;/);
    expect(run.stderr).toContain('warning PAWS1014: e/workload.yaml looks like a workload');
    expect(run.stderr).not.toContain('deployment.yaml');
  });

  it('never searches another paws output folder (it holds a manifest), wherever it is', async () => {
    const host = createMemoryHost({
      'a/score.yaml': workload('aa'),
      'old-out/.paws-manifest.json': '{"generator":"paws","version":2,"files":{}}',
      'old-out/dev/kubernetes/aa/score.yaml': workload('copy'),
      'old-out/dev/kubernetes/aa/look-alike.yaml': workload('copy2'),
      'notes/.paws-manifest.json/x.yaml': 'a folder of that name is not a manifest\n',
      'notes/score.yaml': workload('bb'),
    });
    const run = await runCli(['validate', '--schema-only'], { host });
    expect(run.stdout).toMatch(/^valid: 2 workloads;/);
    expect(run.stderr).not.toContain('old-out');
  });
});
