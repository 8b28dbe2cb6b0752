import type { Diagnostic, Location, RelatedInformation } from '../compiler/diagnostics.js';
import type { ResolvedEnvironment } from '../compiler/environment.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import type { ResourceDefinition } from '../compiler/model.js';
import type { Value } from '../compiler/values.js';
import { isTerraformDriver } from '../drivers/index.js';
import { type MatchResult, failedCriterion } from './match.js';

/** What resolution knows of a request when it reports on it. */
export interface RequestInfo {
  uid: string;
  identity: { type: string; class: string; id: string };
  requestedBy: string[];
  origin: { doc: LoadedDocument; pointer: string };
  declaredBy?: { workload: string; resource: string };
}

/** With `publish: none`, apply-time outputs of a Terraform resource could reach no workload. */
export function unpublishedOutputs(
  environment: ResolvedEnvironment,
  definition: ResourceDefinition,
  uid: string,
  outputs: Record<string, Value>,
): Diagnostic | undefined {
  if (environment.secretStore.publish !== 'none' || !isTerraformDriver(definition.spec.driver.kind))
    return undefined;
  const names = Object.entries(outputs)
    .filter(([, v]) => v.kind === 'terraform' || v.kind === 'generated')
    .map(([name]) => name);
  if (names.length === 0) return undefined;
  const pointer = definition.spec.outputs ? '/spec/outputs' : '/spec/driver';
  return {
    code: 'PAWS3006',
    severity: 'error',
    message: `definition "${definition.name}" makes ${uid} with Terraform in environment "${environment.name}", whose secretStore.publish is none: its outputs ${names.map((n) => `"${n}"`).join(', ')} are known only after apply and no store would hold them`,
    ...locate(definition.document, pointer, 'key'),
    hint: `set secretStore.publish to aws-secrets-manager or vault on environment "${environment.name}", or serve ${uid} there with a static definition (secrets as secretRef)`,
  };
}

export function noMatchDiagnostic(
  req: RequestInfo,
  result: MatchResult,
  environment: ResolvedEnvironment,
  definitions: readonly ResourceDefinition[],
): Diagnostic {
  const subject = req.declaredBy
    ? `resource "${req.declaredBy.resource}" of workload "${req.declaredBy.workload}" (${req.uid})`
    : `resource ${req.uid} (required by ${req.requestedBy[0]})`;
  const where: Location = locate(req.origin.doc, `${req.origin.pointer}${req.declaredBy ? '/type' : ''}`);
  if (result.tie) {
    const [a, b] = result.tie;
    const related: RelatedInformation[] = [a, b].map((c) => {
      const def = definitions.find((d) => d.name === c.definition) as ResourceDefinition;
      return { message: `definition "${c.definition}"`, ...locate(def.document, '/metadata/name') };
    });
    return {
      code: 'PAWS3102',
      severity: 'error',
      message: `two definitions match ${subject} in environment "${environment.name}" equally: ${result.reason}`,
      ...where,
      related,
      hint: 'make one more specific (match.resourceIds, environments or workloads), or narrow the other',
    };
  }
  const lines = result.candidates.map(
    (c) => `${c.definition} (${c.file}): ${failedCriterion(c, req.identity.class) ?? 'matches'}`,
  );
  return {
    code: 'PAWS3101',
    severity: 'error',
    message: `no definition matches ${subject} in environment "${environment.name}" (type ${environment.type})`,
    ...where,
    hint:
      lines.length === 0
        ? `no ResourceDefinition of type "${req.identity.type}" exists; add one to the platform folder`
        : `candidates: ${lines.join('; ')}`,
  };
}

export function requiresCycle(definition: ResourceDefinition, chain: string[], pointer: string): Diagnostic {
  return {
    code: 'PAWS3201',
    severity: 'error',
    message: `definitions require each other without end: ${chain.join(' → ')}`,
    ...locate(definition.document, pointer, 'key'),
    hint: 'give the required resource an id so it is shared, or remove the loop',
  };
}
