import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { runCli } from './helpers.js';

const withSource = (source: string) =>
  `apiVersion: paws.dev/v1
metadata: { name: api }
containers:
  main:
    image: nginx
    files:
      /etc/app/config: { source: ${JSON.stringify(source)} }
`;

describe('files.<target>.source reads only inside the workload’s repository', () => {
  const repo = {
    '.git/config': '[remote "origin"]\n  url = https://x-access-token:ghs_secret@github.com/acme/shop\n',
    'services/api/config.txt': 'listen 8080\n',
  };
  it.each([
    ['/etc/passwd', 'is outside the repository'],
    ['../../../outside.txt', 'is outside the repository'],
    ['/proc/self/environ', 'is outside the repository'],
    ['../../.git/config', 'is inside .git'],
    ['linked.txt', 'is outside the repository'],
  ])('%s is refused (PAWS2505) and never read into the output', async (source, reason) => {
    const host = createMemoryHost(
      {
        ...repo,
        'services/api/paws.yaml': withSource(source),
        '../outside.txt': 'secret',
        'services/api/linked.txt': 'x',
      },
      { links: { '/work/services/api/linked.txt': '/home/runner/.aws/credentials' } },
    );
    const result = await compile({}, host);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code}@${d.file}:${d.line}:${d.column}`)).toEqual([
      'PAWS2505@services/api/paws.yaml:7:34',
    ]);
    expect(errors[0]?.message).toContain(reason);
    expect(result.files).toEqual([]);
    const diff = await runCli(['diff', '--format', 'markdown'], { host });
    expect(diff.stdout).not.toContain('ghs_secret');
  });

  it('a source inside the repository is read', async () => {
    const host = createMemoryHost({ ...repo, 'services/api/paws.yaml': withSource('config.txt') });
    const result = await compile({}, host);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.files.find((f) => f.path.endsWith('configmap.yaml'))?.content).toContain('listen 8080');
  });
});
