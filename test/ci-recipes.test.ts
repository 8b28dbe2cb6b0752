import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const recipe = (name: string) => readFileSync(new URL(`../examples/ci/${name}`, import.meta.url), 'utf8');

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
      const doc = parse(recipe(name)) as Record<string, unknown>;
      const scripts: string[] = [];
      const walk = (node: unknown, key?: string): void => {
        if (typeof node === 'string' && (key === 'run' || key === 'script')) scripts.push(node);
        else if (Array.isArray(node)) node.forEach((item) => walk(item, key));
        else if (node && typeof node === 'object')
          for (const [k, v] of Object.entries(node)) walk(v, k === 'run' || k === 'script' ? k : undefined);
      };
      walk(doc);
      expect(scripts.length).toBeGreaterThan(2);
      for (const script of scripts) {
        // A GitHub expression in a script is pasted into the shell before it runs: an injection.
        expect(script).not.toContain('${{');
        // Every variable the script expands is inside double quotes (or an exit status / test operand).
        const unquoted = script
          .replace(/"[^"]*"/g, '')
          .match(/\$[A-Za-z_{][A-Za-z0-9_}]*/g)
          ?.filter((v) => v !== '$?');
        expect(unquoted ?? [], script).toEqual([]);
      }
    },
  );

  it('github-actions.yml runs a preview per pull request: created and updated while open, torn down when closed', () => {
    const doc = parse(recipe('github-actions.yml')) as {
      on: { pull_request: { types: string[] } };
      jobs: { preview: { steps: { if?: string; run?: string }[] } };
    };
    expect(doc.on.pull_request.types).toEqual([
      'opened',
      'synchronize',
      'reopened',
      'closed',
      'labeled',
      'unlabeled',
    ]);
    const steps = doc.jobs.preview.steps;
    const create = steps.find((s) => s.run?.includes('paws compile'));
    expect(create?.if).toBe("github.event.action != 'closed'");
    expect(create?.run).toContain('--env "$PREVIEW" --extends staging');
    const teardown = steps.find((s) => s.run?.includes('paws teardown'));
    expect(teardown?.if).toBe("github.event.action == 'closed'");
    expect(teardown?.run).toContain('npx --no-install paws teardown --env "$PREVIEW" --extends staging');
    expect(teardown?.run).toContain('npx --no-install paws teardown --env "$PREVIEW" --forget');
  });

  it('github-actions.yml plans each changed Terraform module in a matrix, and tears previews down module by module', () => {
    const doc = parse(recipe('github-actions.yml')) as {
      jobs: {
        diff: { outputs: Record<string, string>; steps: { id?: string; run?: string }[] };
        plan: {
          needs: string;
          if: string;
          strategy: { matrix: { include: string } };
          env: Record<string, string>;
          steps: { run?: string }[];
        };
        preview: { steps: { run?: string }[] };
      };
    };
    const modules = doc.jobs.diff.steps.find((s) => s.id === 'modules');
    expect(modules?.run).toContain('--format json > paws-diff.json');
    // The fields paws diff --format json gives each changed module (test/terraform-modules.test.ts).
    expect(modules?.run).toContain('[.modules[] | select(.status != "removed") | {environment, module}]');
    expect(doc.jobs.diff.outputs.modules).toBe('${{ steps.modules.outputs.modules }}');
    expect(doc.jobs.plan.needs).toBe('diff');
    expect(doc.jobs.plan.if).toBe("needs.diff.outputs.modules != '[]'");
    expect(doc.jobs.plan.strategy.matrix.include).toBe('${{ fromJSON(needs.diff.outputs.modules) }}');
    expect(doc.jobs.plan.env).toEqual({
      ENVIRONMENT: '${{ matrix.environment }}',
      MODULE: '${{ matrix.module }}',
    });
    const plan = doc.jobs.plan.steps.map((s) => s.run ?? '').join('\n');
    expect(plan).toContain('paws compile --env "$ENVIRONMENT" --image "$IMAGE"');
    expect(plan).toContain(
      'terraform -chdir="out/$ENVIRONMENT/terraform/$MODULE" plan -input=false -lock=false',
    );
    const teardown = doc.jobs.preview.steps.map((s) => s.run ?? '').join('\n');
    expect(teardown).toContain(`for module in $(jq -r '.teardown[]' "$order"); do`);
    expect(teardown).toContain('terraform -chdir="deploy/rendered/$PREVIEW/terraform/$module" apply');
  });

  it('github-actions.yml keeps one comment, found by its marker, updated in place, and none from forks', () => {
    const doc = parse(recipe('github-actions.yml')) as {
      jobs: { diff: { steps: { if?: string; run?: string }[] } };
    };
    const comment = doc.jobs.diff.steps.find((s) => s.run?.includes('gh api'));
    expect(comment?.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
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
    expect(text).toContain('x.body.startsWith("<!-- paws-diff-summary -->")');
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
