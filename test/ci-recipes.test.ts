import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { recipe, recipeScripts } from './support/recipes.js';

describe('CI recipes', () => {
  it.each(['github-actions.yml', 'gitlab-ci.yml'])(
    '%s is valid YAML that validates, then diffs against the base branch',
    (name) => {
      const text = recipe(name);
      expect(() => parse(text)).not.toThrow();
      expect(text).toMatch(/npx --no-install paws validate --image "\$IMAGE"/);
      expect(text).toMatch(
        /npx --no-install paws diff --image "\$IMAGE" --against-ref "origin\/\$[A-Z_]+" --format markdown/,
      );
    },
  );

  it.each(['github-actions.yml', 'gitlab-ci.yml'])(
    '%s passes values to the shell only through quoted variables',
    (name) => {
      const scripts = recipeScripts(name);
      expect(scripts.length).toBeGreaterThan(2);
      for (const script of scripts) {
        // A GitHub expression in a script is pasted into the shell before it runs: an injection.
        expect(script).not.toContain('${{');
        // Every variable the script expands is inside double quotes (or an exit status / test operand).
        const unquoted = script
          // Comments are not run (and may hold an apostrophe).
          .replace(/^\s*#.*$/gm, '')
          .replace(/"[^"]*"/g, '')
          // Single quotes are literal text for the shell (a jq program's own $variables).
          .replace(/'[^']*'/g, '')
          .match(/\$[A-Za-z_{][A-Za-z0-9_}]*/g)
          ?.filter((v) => v !== '$?');
        expect(unquoted ?? [], script).toEqual([]);
      }
    },
  );

  type Step = {
    id?: string;
    name?: string;
    if?: string;
    run?: string;
    uses?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
  };
  type Job = {
    if?: string;
    needs?: string;
    permissions?: Record<string, string>;
    strategy?: { matrix: { include: string } };
    env?: Record<string, string>;
    outputs?: Record<string, string>;
    steps: Step[];
  };
  const github = () =>
    parse(recipe('github-actions.yml')) as {
      on: { pull_request: { types: string[] } };
      permissions: unknown;
      jobs: Record<string, Job>;
    };

  it('github-actions.yml runs a preview per pull request: rendered untrusted, published by a job that runs nothing of it', () => {
    const doc = github();
    expect(doc.on.pull_request.types).toEqual([
      'opened',
      'synchronize',
      'reopened',
      'closed',
      'labeled',
      'unlabeled',
    ]);
    const render = doc.jobs['preview-render'] as Job;
    const create = render.steps.find((s) => s.run?.includes('paws compile'));
    expect(create?.if).toBe("github.event.action != 'closed'");
    expect(create?.run).toContain('--env "$PREVIEW" --extends staging');
    const teardown = render.steps.find((s) => s.run?.includes('paws teardown'));
    expect(teardown?.if).toBe("github.event.action == 'closed'");
    expect(teardown?.run).toContain('npx --no-install paws teardown --env "$PREVIEW" --extends staging');
    expect(teardown?.run).toContain('npx --no-install paws teardown --env "$PREVIEW" --forget');
    const publish = doc.jobs['preview-publish'] as Job;
    expect(publish.needs).toBe('preview-render');
    const push = publish.steps.find((s) => s.run?.includes('git push'));
    expect(push?.env).toEqual({ DEPLOY_TOKEN: '${{ secrets.DEPLOY_TOKEN }}' });
    expect(push?.run).toContain('for attempt in 1 2 3 4 5; do');
    expect(push?.run).toContain('git reset --quiet --hard FETCH_HEAD');
  });

  it('github-actions.yml: no job that runs the pull request’s code holds a token that can write', () => {
    const doc = github();
    expect(doc.permissions).toEqual({});
    const runsPullRequestCode = (job: Job) =>
      job.steps.some((s) => /npm ci|npx --no-install paws|terraform /.test(s.run ?? ''));
    const untrusted = Object.entries(doc.jobs).filter(([, job]) => runsPullRequestCode(job));
    expect(untrusted.map(([name]) => name).sort()).toEqual(['diff', 'plan', 'preview-render']);
    for (const [name, job] of untrusted) {
      const writes = Object.entries(job.permissions ?? {}).filter(
        ([scope, level]) => level === 'write' && scope !== 'id-token',
      );
      expect(writes, name).toEqual([]);
      for (const step of job.steps) {
        const text = JSON.stringify(step);
        expect(text, `${name}: ${step.name ?? step.uses}`).not.toContain('DEPLOY_TOKEN');
        expect(text).not.toContain('github.token');
        if (step.uses?.startsWith('actions/checkout'))
          expect(step.with?.['persist-credentials'], name).toBe(false);
      }
    }
    // Jobs with a write token run nothing from the pull request, and none runs for a fork.
    for (const name of ['comment', 'preview-publish']) {
      const job = doc.jobs[name] as Job;
      expect(runsPullRequestCode(job), name).toBe(false);
      expect(
        job.steps.some((s) => s.uses?.startsWith('actions/checkout') && !s.with?.repository),
        name,
      ).toBe(false);
      expect(job.if, name).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    }
    for (const name of ['plan', 'preview-render'])
      expect((doc.jobs[name] as Job).if, name).toContain(
        'github.event.pull_request.head.repo.full_name == github.repository',
      );
  });

  it('github-actions.yml plans every changed module (teardown ones too) in at most 200 batches, with no compile', () => {
    const doc = github();
    const diff = (doc.jobs.diff as Job).steps.find((s) => s.id === 'diff');
    expect(diff?.run).toContain('--format json --modules-out plan-modules > paws-diff.json');
    expect((doc.jobs.diff as Job).outputs?.batches).toBe('${{ steps.diff.outputs.batches }}');
    const plan = doc.jobs.plan as Job;
    expect(plan.strategy?.matrix.include).toBe('${{ fromJSON(needs.diff.outputs.batches) }}');
    const script = plan.steps.map((s) => s.run ?? '').join('\n');
    expect(script).not.toContain('paws compile');
    expect(script).toContain('terraform -chdir="$dir" plan -input=false -lock=false');
  });

  it('github-actions.yml keeps one comment, found by its marker, updated in place, and none from forks', () => {
    const doc = github();
    const comment = (doc.jobs.comment as Job).steps.find((s) => s.run?.includes('gh api'));
    expect((doc.jobs.comment as Job).if).toContain(
      'github.event.pull_request.head.repo.full_name == github.repository',
    );
    expect(comment?.run).toContain('startswith("<!-- paws-diff-summary -->")');
    expect(comment?.run).toContain('--method PATCH');
    expect(comment?.run).toContain('-F "body=@paws-summary.md"');
    expect(recipe('github-actions.yml')).toContain('--summary-out paws-summary.md');
    // The job summary gets the full diff; the comment only the capped summary.
    expect(comment?.run).not.toContain('paws-diff.md');
  });

  it('gitlab-ci.yml compiles once and keeps one merge-request note', () => {
    const text = recipe('gitlab-ci.yml');
    expect(text.match(/npx --no-install paws diff/g)).toHaveLength(1);
    expect(text).toContain('String(x.body).startsWith("<!-- paws-diff-summary -->")');
    expect(text).toContain('--request PUT');
  });

  it('uses only flags paws diff and validate have', async () => {
    const diff = (await runCli(['diff', '--help'])).stdout;
    for (const flag of ['--image', '--against-ref', '--format', '--extends', '--summary-out', '--full-diff'])
      expect(diff).toContain(flag);
    const teardown = (await runCli(['teardown', '--help'])).stdout;
    for (const flag of ['--env', '--extends', '--forget', '--module', '--out'])
      expect(teardown).toContain(flag);
    expect((await runCli(['validate', '--help'])).stdout).toContain('--image');
  });
});

describe('the recipes stop a change that destroys data unless a reviewer allows it', () => {
  it('github-actions.yml: --fail-on-destroy, its code kept, a gate that the label paws:allow-destroy opens', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const doc = parse(readFileSync(new URL('../examples/ci/github-actions.yml', import.meta.url), 'utf8'));
    const steps = doc.jobs.diff.steps as { id?: string; name?: string; if?: string; run?: string }[];
    const diff = steps.find((s) => s.id === 'diff');
    expect(diff?.run).toContain('--fail-on-destroy');
    expect(diff?.run).toContain('echo "code=$code" >> "$GITHUB_OUTPUT"');
    const gate = steps.find((s) => s.name?.startsWith('Stop a change that destroys data'));
    expect(gate?.if).toBe(
      "steps.diff.outputs.code == '3' && !contains(github.event.pull_request.labels.*.name, 'paws:allow-destroy')",
    );
    expect(gate?.run).toContain('exit 1');
  });

  it('gitlab-ci.yml: --fail-on-destroy and a gate on the merge request labels', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../examples/ci/gitlab-ci.yml', import.meta.url), 'utf8');
    expect(text).toContain('--fail-on-destroy > paws-diff.md || code=$?; test "$code" -ne 1');
    expect(text).toContain('case ",$CI_MERGE_REQUEST_LABELS," in');
  });
});
