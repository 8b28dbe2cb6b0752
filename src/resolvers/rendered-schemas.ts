import path from 'node:path';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { kubernetesSchemaProblems } from '../compiler/kubernetes-schemas.js';
import type { ResourceDefinition } from '../compiler/model.js';
import { terraformBlockProblems } from '../compiler/terraform-schemas.js';
import type { Fragment } from '../drivers/index.js';
import { templateDiagnostic } from '../drivers/template-diagnostic.js';
import { TemplateError } from '../drivers/template-engine.js';

/**
 * What a definition's template renders, checked as the cluster and Terraform will check it: each
 * Kubernetes object against the vendored upstream schemas (kinds they do not hold are left alone),
 * each Terraform resource and data block against the bundled provider schema. A problem points at
 * the template line that writes the offending field, where the field is spelled out there.
 */
export function renderedSchemaProblems(
  definition: ResourceDefinition,
  fragment: Fragment,
  readAsset: (relative: string) => string | undefined,
): Diagnostic[] {
  const problems: { problem: string; field?: string }[] = [];
  for (const object of fragment.kubernetes) {
    const found = kubernetesSchemaProblems(object) ?? [];
    const o = object as { kind?: string; metadata?: { name?: string } };
    for (const problem of found)
      problems.push({ problem: `${o.kind}/${o.metadata?.name}: ${problem}`, ...fieldOf(problem) });
  }
  for (const section of ['resource', 'data'] as const) {
    const blocks = (fragment.terraform[section] ?? {}) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    for (const [type, named] of Object.entries(blocks))
      for (const [name, value] of Object.entries(named ?? {}))
        for (const problem of terraformBlockProblems(
          section,
          type,
          value ?? {},
          `${section}.${type}.${name}`,
        ) ?? [])
          problems.push({ problem, ...fieldOf(problem) });
  }
  return problems.map(({ problem, field }) => diagnosticAt(definition, problem, field, readAsset));
}

/** The field a problem names, when it is one spelled in the template (an unknown field or argument). */
function fieldOf(problem: string): { field?: string } {
  const match =
    /has no field "([^"]+)"|"([^"]+)" is not an argument|^(?:[^ ]+ )?([A-Za-z0-9_.]+) must be /.exec(problem);
  const field = match?.[1] ?? match?.[2] ?? match?.[3]?.split('.').pop();
  return field ? { field } : {};
}

function diagnosticAt(
  definition: ResourceDefinition,
  problem: string,
  field: string | undefined,
  readAsset: (relative: string) => string | undefined,
): Diagnostic {
  const driver = definition.spec.driver;
  const inline = driver.template !== undefined;
  const text =
    (inline ? driver.template : driver.templateFile ? readAsset(driver.templateFile) : undefined) ?? '';
  const at = field === undefined ? undefined : lineOf(text, field);
  const message = `template of definition "${definition.name}" renders what ${problem.includes(' argument') ? 'Terraform' : 'the cluster'} would refuse: ${problem}`;
  const hint =
    'fix the field in the template (the schemas are Kubernetes 1.35, External Secrets 2.9, Argo CD 3.5, Gateway API 1.6 and the AWS provider paws was built with)';
  if (inline || at === undefined) {
    const diagnostic = templateDiagnostic(
      definition.document,
      inline ? '/spec/driver/template' : '/spec/driver/templateFile',
      new TemplateError(problem, inline ? at?.line : undefined, inline ? at?.column : undefined),
      `template of definition "${definition.name}"`,
    );
    return { ...diagnostic, code: 'PAWS3107', message, hint };
  }
  const file = path.posix.join(
    path.posix.dirname(definition.document.source.displayPath),
    driver.templateFile ?? '',
  );
  const indent = /^\s*/.exec(text.split('\n')[at.line - 1] ?? '')?.[0].length ?? 0;
  return {
    code: 'PAWS3107',
    severity: 'error',
    message,
    file,
    line: at.line,
    column: at.column + indent,
    hint,
  };
}

/** The first line of a template that writes `field:` (YAML) or `"field":` (JSON), with the field's column. */
function lineOf(text: string, field: string): { line: number; column: number } | undefined {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(^|[\\s{,])("?)${escaped}\\2\\s*:`);
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const match = pattern.exec(line);
    // The column counts from the line's first non-blank character, as a template's errors do.
    const indent = /^\s*/.exec(line)?.[0].length ?? 0;
    if (match) return { line: index + 1, column: match.index + (match[1]?.length ?? 0) - indent + 1 };
  }
  return undefined;
}
