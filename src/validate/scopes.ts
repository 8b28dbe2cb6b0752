import type { Diagnostic } from '../compiler/diagnostics.js';
import { locate, type LoadedDocument } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { Environment, Patch, Platform, Policy } from '../compiler/model.js';
import { didYouMean } from '../compiler/suggest.js';
import { DEFAULT_ENVIRONMENT_NAME } from '../compiler/environment.js';

/** The environment types paws gives a meaning to, whether or not an Environment uses them yet. */
const KNOWN_TYPES = ['development', 'staging', 'production', 'preview'];

/** The kinds of a workload's own files, which an Environment's workloadPatches may open to developers. */
export const WORKLOAD_OBJECT_KINDS = [
  'ConfigMap',
  'CronJob',
  'Deployment',
  'HorizontalPodAutoscaler',
  'HTTPRoute',
  'Job',
  'PodDisruptionBudget',
  'Service',
  'ServiceAccount',
  'StatefulSet',
];

const kindOf = (doc: LoadedDocument) => String((doc.value as { kind?: unknown }).kind);

function unknownName(
  doc: LoadedDocument,
  path: (string | number)[],
  value: string,
  known: readonly string[],
  message: string,
  hint: string,
  consequence = '',
): Diagnostic {
  const suggestion = didYouMean(value, known);
  return {
    code: 'PAWS2203',
    severity: 'error',
    message: `${message}${suggestion ? `; did you mean "${suggestion}"?` : ''}${consequence}`,
    ...locate(doc, toPointer(path.map(String))),
    hint,
  };
}

/**
 * Every environment and environment type a Policy or Patch scopes itself to exists, every resource
 * type a rule is for is one the platform serves, and every kind an Environment opens to workload
 * patches is one paws emits: a typo (`environmentTypes: [prodution]`) would otherwise turn a
 * guardrail off, or a permission on, without a word.
 */
export function checkScopes(platform: Platform): Diagnostic[] {
  const { environments } = platform;
  const names = environments.length > 0 ? environments.map((e) => e.name) : [DEFAULT_ENVIRONMENT_NAME];
  const types = environmentTypes(environments);
  const diagnostics: Diagnostic[] = [];
  for (const object of [...platform.policies, ...platform.patches] as (Policy | Patch)[]) {
    const spec = object.spec as { environments?: string[]; environmentTypes?: string[] };
    const check = (field: 'environments' | 'environmentTypes', known: readonly string[], what: string) =>
      (spec[field] ?? []).forEach((value, index) => {
        if (known.includes(value)) return;
        diagnostics.push(
          unknownName(
            object.document,
            ['spec', field, index],
            value,
            known,
            `${kindOf(object.document)} "${object.name}" applies to ${what} "${value}", which ${field === 'environments' ? 'no Environment is named' : 'no Environment has'}`,
            `${field === 'environments' ? 'environments' : 'environment types'}: ${known.join(', ')}`,
            ': it would apply nowhere there',
          ),
        );
      });
    check('environments', names, 'environment');
    check('environmentTypes', types, 'environment type');
  }
  const typeNames = [...platform.resourceTypes.keys()].sort();
  for (const policy of platform.policies)
    policy.spec.rules.forEach((rule, index) =>
      (rule.resourceTypes ?? []).forEach((type, at) => {
        if (!platform.resourceTypes.has(type))
          diagnostics.push(
            unknownName(
              policy.document,
              ['spec', 'rules', index, 'resourceTypes', at],
              type,
              typeNames,
              `rule "${rule.name}" of Policy "${policy.name}" is for resource type "${type}", which the platform does not have`,
              `resource types: ${typeNames.join(', ')}`,
              ': it would check nothing there',
            ),
          );
      }),
    );
  for (const environment of environments)
    (environment.spec.workloadPatches ?? []).forEach((allowed, index) => {
      if (!WORKLOAD_OBJECT_KINDS.includes(allowed.kind))
        diagnostics.push(
          unknownName(
            environment.document,
            ['spec', 'workloadPatches', index, 'kind'],
            allowed.kind,
            WORKLOAD_OBJECT_KINDS,
            `Environment "${environment.name}" lets workloads patch kind "${allowed.kind}", which no workload file holds`,
            `kinds of a workload's files: ${WORKLOAD_OBJECT_KINDS.join(', ')}`,
          ),
        );
    });
  return diagnostics;
}

function environmentTypes(environments: readonly Environment[]): string[] {
  return [
    ...new Set([
      ...KNOWN_TYPES,
      ...environments.flatMap((e) => {
        const spec = e.spec as { type?: string; ephemeral?: { type?: string } };
        return [spec.type, spec.ephemeral?.type].filter((t): t is string => typeof t === 'string');
      }),
    ]),
  ].sort();
}
