import { compareStrings } from '../util/compare.js';

/**
 * Diagnostics are plain data. Codes are stable: once published a code keeps its meaning, so CI
 * scripts and editor integrations can match on it. The README's code table is checked against
 * `DIAGNOSTIC_CODES` by a test.
 */

export type Severity = 'error' | 'warning';

export interface Location {
  /** Path as shown to the user: relative to the working directory, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like editors count them. */
  column: number;
}

export interface RelatedInformation extends Partial<Location> {
  message: string;
}

export interface Diagnostic extends Partial<Location> {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  hint?: string;
  related?: RelatedInformation[];
  /**
   * The environments a problem was found in, when a compile covered several: one diagnostic per
   * problem, not one per environment.
   */
  environments?: string[];
  /** Source text that must never be printed (a secret written as a literal): masked in every code frame. */
  redact?: { line: number; column: number; endLine: number; endColumn: number };
}

/**
 * Every code paws can report: its severity (one per code), the stage that reports it, and a one-line
 * summary for the docs (`paws explain-code`, the README's table).
 */
export const DIAGNOSTIC_CODES = {
  PAWS1001: {
    severity: 'error',
    stage: 'load',
    summary: 'A file or folder cannot be read (missing, a folder where a file was expected, permissions).',
  },
  PAWS1002: { severity: 'error', stage: 'load', summary: 'A file is not valid UTF-8.' },
  PAWS1003: {
    severity: 'error',
    stage: 'load',
    summary: 'A file is larger than the size limit for specs (4 MiB).',
  },
  PAWS1004: { severity: 'error', stage: 'load', summary: 'YAML syntax error.' },
  PAWS1005: {
    severity: 'error',
    stage: 'load',
    summary: 'A tab character is used for indentation; YAML allows only spaces.',
  },
  PAWS1006: { severity: 'error', stage: 'load', summary: 'A mapping has the same key twice.' },
  PAWS1007: {
    severity: 'error',
    stage: 'load',
    summary: 'YAML aliases expand beyond the safety limit (an alias bomb such as "billion laughs").',
  },
  PAWS1008: { severity: 'error', stage: 'load', summary: 'A file or YAML document is empty.' },
  PAWS1009: {
    severity: 'error',
    stage: 'load',
    summary: 'A YAML document is not a mapping (it is a list or a scalar).',
  },
  PAWS1010: {
    severity: 'error',
    stage: 'load',
    summary: 'No workload file (paws.yaml, *.paws.yaml, score.yaml) was found.',
  },
  PAWS1011: {
    severity: 'error',
    stage: 'load',
    summary: 'A path or glob given on the command line matches nothing.',
  },
  PAWS1012: { severity: 'error', stage: 'load', summary: 'A YAML document nests too deeply for the parser.' },
  PAWS1013: {
    severity: 'warning',
    stage: 'load',
    summary: 'No platform folder, but a folder whose name looks like a misspelt "platform" (warning).',
  },
  PAWS1014: {
    severity: 'warning',
    stage: 'load',
    summary:
      'A YAML file looks like a workload, but folder discovery does not read files of its name (warning).',
  },
  PAWS1015: {
    severity: 'error',
    stage: 'load',
    summary:
      'A workload, platform or template file resolves outside the repository (a symlink, an absolute path) or inside .git: it is not read.',
  },
  PAWS2001: { severity: 'error', stage: 'validate', summary: 'Unknown or missing apiVersion.' },
  PAWS2002: { severity: 'error', stage: 'validate', summary: 'Unknown or missing kind in a platform file.' },
  PAWS2101: {
    severity: 'error',
    stage: 'validate',
    summary: 'Unknown field (with a "did you mean" suggestion).',
  },
  PAWS2102: { severity: 'error', stage: 'validate', summary: 'A required field is missing.' },
  PAWS2103: { severity: 'error', stage: 'validate', summary: 'A value has the wrong type.' },
  PAWS2104: {
    severity: 'error',
    stage: 'validate',
    summary: 'A value or name does not have the required form (for example the 2–63 character name rule).',
  },
  PAWS2105: { severity: 'error', stage: 'validate', summary: 'A value is not one of the allowed values.' },
  PAWS2106: {
    severity: 'error',
    stage: 'validate',
    summary: 'A value, list or map is too small or too large.',
  },
  PAWS2107: {
    severity: 'error',
    stage: 'validate',
    summary:
      'Fields that exclude or require each other (for example a file needs exactly one of content, binaryContent, source).',
  },
  PAWS2201: {
    severity: 'error',
    stage: 'validate',
    summary: 'Two workloads, or two platform objects of one kind, have the same name.',
  },
  PAWS2202: {
    severity: 'error',
    stage: 'validate',
    summary:
      'An image was given for a workload (--image <workload>=<image>, --images) that the project does not have.',
  },
  PAWS2203: {
    severity: 'error',
    stage: 'validate',
    summary:
      "A Policy or Patch applies to an environment or environment type that does not exist (a typo would turn it off); a rule's resourceTypes or an Environment's workloadPatches kind names nothing.",
  },
  PAWS2301: {
    severity: 'error',
    stage: 'validate',
    summary: 'A resource type is not known to the catalog (built-in or platform folder).',
  },
  PAWS2302: {
    severity: 'warning',
    stage: 'validate',
    summary:
      'With no platform folder, a resource has a type paws does not know: it is not provisioned (warning).',
  },
  PAWS2401: {
    severity: 'error',
    stage: 'validate',
    summary: 'A placeholder is malformed (for example an unterminated "${").',
  },
  PAWS2402: {
    severity: 'error',
    stage: 'validate',
    summary: 'A placeholder starts with an unknown root (only metadata and resources exist).',
  },
  PAWS2403: {
    severity: 'error',
    stage: 'validate',
    summary:
      'A placeholder names a resource the workload does not declare, or a metadata key that does not exist.',
  },
  PAWS2404: {
    severity: 'error',
    stage: 'validate',
    summary: 'A placeholder names an output that the resource type does not provide.',
  },
  PAWS2405: {
    severity: 'error',
    stage: 'validate',
    summary:
      'A rename (movedFrom, or the paws.dev/moved-resources annotation) is malformed or names a resource that still exists.',
  },
  PAWS2406: {
    severity: 'error',
    stage: 'validate',
    summary: 'With no platform folder, a placeholder reads a resource whose type nothing provisions.',
  },
  PAWS2501: {
    severity: 'error',
    stage: 'validate',
    summary: 'image: "." (built by CI) is used but no --image was given.',
  },
  PAWS2502: {
    severity: 'error',
    stage: 'validate',
    summary: 'A file or volume target is not an absolute path, or contains "..".',
  },
  PAWS2503: {
    severity: 'error',
    stage: 'validate',
    summary: 'connections names a resource the workload does not declare.',
  },
  PAWS2504: {
    severity: 'error',
    stage: 'validate',
    summary: 'Deprecated array form of files or volumes has two entries with the same target.',
  },
  PAWS2505: {
    severity: 'error',
    stage: 'load',
    summary:
      "A file's source is outside the workload's repository (an absolute path, .., a symlink out of it) or inside .git.",
  },
  PAWS2506: {
    severity: 'error',
    stage: 'validate',
    summary: "A container's before names itself or a container the workload does not have.",
  },
  PAWS2507: {
    severity: 'error',
    stage: 'validate',
    summary:
      'before cannot be honoured: a cycle, no container left to run as the workload, or ready: healthy without a readinessProbe.',
  },
  PAWS2508: {
    severity: 'error',
    stage: 'validate',
    summary:
      'An annotation paws reads (paws.dev/security-profile, k8s.score.dev/kind, k8s.score.dev/service-name) has an invalid value, or disagrees with securityProfile.',
  },
  PAWS2509: {
    severity: 'warning',
    stage: 'validate',
    summary:
      'A container image is known to start as root, and the workload keeps the restricted security profile (warning).',
  },
  PAWS2510: {
    severity: 'error',
    stage: 'validate',
    summary:
      "A route names a port its workload's Service does not have, or its workload declares no service ports.",
  },
  PAWS2511: {
    severity: 'error',
    stage: 'validate',
    summary:
      'A Job or CronJob workload has what only long-running workloads have (service ports, replicas, autoscaling), both job and cronJob, or a k8s.score.dev/kind annotation.',
  },
  PAWS2512: {
    severity: 'error',
    stage: 'validate',
    summary: "A cronJob.schedule is not a schedule Kubernetes' CronJob controller accepts.",
  },
  PAWS2513: {
    severity: 'error',
    stage: 'validate',
    summary:
      'autoscaling is inconsistent: min above max, replicas beside it, or a horizontal-pod-autoscaler resource too.',
  },
  PAWS2514: {
    severity: 'warning',
    stage: 'validate',
    summary: 'A workload has per-environment values for an environment no platform file defines (warning).',
  },
  PAWS2515: {
    severity: 'error',
    stage: 'validate',
    summary: "A workload's per-environment entry names a container the workload does not have.",
  },
  PAWS2516: {
    severity: 'error',
    stage: 'validate',
    summary: 'A cronJob.timeZone is not an IANA time zone name the Kubernetes API server accepts.',
  },
  PAWS2601: {
    severity: 'error',
    stage: 'validate',
    summary: "A policy rule's expression (or condition) is not valid CEL.",
  },
  PAWS2602: {
    severity: 'error',
    stage: 'validate',
    summary: 'A policy rule reads a variable or field its subject does not have.',
  },
  PAWS3001: {
    severity: 'error',
    stage: 'resolve',
    summary: 'An Environment extends an environment that is not defined.',
  },
  PAWS3002: { severity: 'error', stage: 'resolve', summary: 'Environments extend each other in a cycle.' },
  PAWS3003: {
    severity: 'error',
    stage: 'resolve',
    summary: '--env names an environment that is not defined.',
  },
  PAWS3004: {
    severity: 'error',
    stage: 'resolve',
    summary:
      'Two environments resolve to the same Terraform state location, or to the same namespaces on one cluster.',
  },
  PAWS3005: {
    severity: 'error',
    stage: 'resolve',
    summary:
      'An ephemeral environment (--env with --extends) is invalid: not an RFC 1123 label, already defined, an unknown base, or a base that does not allow clones.',
  },
  PAWS3006: {
    severity: 'error',
    stage: 'resolve',
    summary:
      'A resource whose outputs must be published to a secret store is used in an environment with secretStore.publish: none.',
  },
  PAWS3008: {
    severity: 'warning',
    stage: 'resolve',
    summary:
      "A workload asks for more replicas (replicas or autoscaling.max) than its environment's limits.maxReplicas: capped to it (warning).",
  },
  PAWS3009: {
    severity: 'error',
    stage: 'resolve',
    summary:
      "A workload's own patch changes a field its environment does not let workloads change (workloadPatches), or selects no kind.",
  },
  PAWS3007: {
    severity: 'error',
    stage: 'resolve',
    summary:
      'A workload asks for a security profile its environment does not allow (kubernetes.securityProfiles).',
  },
  PAWS3010: {
    severity: 'warning',
    stage: 'resolve',
    summary:
      'Resources take names every cloud account shares (S3 buckets) in an environment with no cloudNamePrefix: the name may be taken elsewhere (warning).',
  },
  PAWS3011: {
    severity: 'error',
    stage: 'resolve',
    summary:
      "An environment's name starts with a digit: cloud ids derived from it (ElastiCache, OpenSearch) must start with a letter.",
  },
  PAWS3012: {
    severity: 'error',
    stage: 'resolve',
    summary:
      'An image known to start as root, in an environment that allows no security profile that runs it (restricted only).',
  },
  PAWS3013: {
    severity: 'warning',
    stage: 'resolve',
    summary:
      'A workload runs under a less restrictive security profile than restricted because an image of it starts as root (warning).',
  },
  PAWS3014: {
    severity: 'warning',
    stage: 'resolve',
    summary:
      'Autoscaling targets CPU or memory utilization, but a container requests none of it: the autoscaler never scales (warning).',
  },
  PAWS3101: {
    severity: 'error',
    stage: 'resolve',
    summary:
      'No resource definition matches a resource (each candidate is listed with the criterion it failed).',
  },
  PAWS3102: {
    severity: 'error',
    stage: 'resolve',
    summary: 'Two resource definitions match a resource equally specifically.',
  },
  PAWS3103: {
    severity: 'error',
    stage: 'resolve',
    summary: 'A shared resource (same type, class and id) is declared with different params.',
  },
  PAWS3104: {
    severity: 'error',
    stage: 'resolve',
    summary: "A resource's params do not match its type's params schema (after definition defaults).",
  },
  PAWS3105: {
    severity: 'error',
    stage: 'resolve',
    summary: "A ResourceType's params or outputs schema is not a valid JSON Schema.",
  },
  PAWS3106: {
    severity: 'error',
    stage: 'resolve',
    summary:
      "A workload uses a resource that the definition's sharedBy or the Environment's sharedResources does not let it use.",
  },
  PAWS3107: {
    severity: 'error',
    stage: 'resolve',
    summary:
      "A platform definition's template renders a Kubernetes object or Terraform block its schema refuses (paws definitions check).",
  },
  PAWS3201: {
    severity: 'error',
    stage: 'resolve',
    summary: 'Resources depend on each other in a cycle (through requires or params placeholders).',
  },
  PAWS3301: {
    severity: 'error',
    stage: 'resolve',
    summary: "A definition does not produce an output its type's contract requires.",
  },
  PAWS3302: {
    severity: 'error',
    stage: 'resolve',
    summary: "A definition produces an output its type's contract does not declare.",
  },
  PAWS3303: {
    severity: 'error',
    stage: 'resolve',
    summary: "A definition output has the wrong type for its type's contract.",
  },
  PAWS3304: {
    severity: 'error',
    stage: 'resolve',
    summary: 'A secret output is produced as a plain literal; secrets must be references or generated.',
  },
  PAWS3305: {
    severity: 'error',
    stage: 'resolve',
    summary: 'A template in a definition fails to render (syntax error, unknown variable).',
  },
  PAWS3306: {
    severity: 'error',
    stage: 'resolve',
    summary:
      'A driver template renders something that is not the expected Terraform blocks or Kubernetes objects, or its templateFile cannot be read.',
  },
  PAWS3307: {
    severity: 'error',
    stage: 'resolve',
    summary: 'A cdktf driver module cannot be loaded or fails while building its constructs.',
  },
  PAWS3401: {
    severity: 'error',
    stage: 'resolve',
    summary:
      'A placeholder names an output that the matched definition does not produce, or a key inside a value that is not known at compile time.',
  },
  PAWS3402: {
    severity: 'error',
    stage: 'resolve',
    summary: 'Two variables injected by connections get the same name.',
  },
  PAWS3403: {
    severity: 'error',
    stage: 'resolve',
    summary: 'A secret value is used where only plain text can go (resource params, image, names).',
  },
  PAWS3404: {
    severity: 'error',
    stage: 'resolve',
    summary: 'A file mounted with source: cannot be read (paths are relative to the workload file).',
  },
  PAWS3405: {
    severity: 'error',
    stage: 'resolve',
    summary:
      'A placeholder reads a variable an Environment of the platform folder does not set (type environment).',
  },
  PAWS3406: {
    severity: 'warning',
    stage: 'resolve',
    summary:
      'A placeholder reads a variable the embedded environment (no platform folder) does not set: it is empty (warning).',
  },
  PAWS3601: {
    severity: 'error',
    stage: 'resolve',
    summary:
      'A policy rule with severity deny does not hold for a workload, container, resource or environment.',
  },
  PAWS3602: {
    severity: 'warning',
    stage: 'resolve',
    summary: 'A policy rule with severity warn does not hold (warning).',
  },
  PAWS4001: {
    severity: 'error',
    stage: 'emit',
    summary: 'Two resources define the same Terraform block in one environment.',
  },
  PAWS4002: {
    severity: 'warning',
    stage: 'emit',
    summary: 'An environment has no argocd.repoURL, so no ArgoCD Applications are emitted for it (warning).',
  },
  PAWS4003: {
    severity: 'error',
    stage: 'emit',
    summary:
      'Terraform root modules of an environment read each other in a cycle, so there is no order to apply them in.',
  },
  PAWS4004: {
    severity: 'error',
    stage: 'emit',
    summary: 'A patch cannot apply to an object it selects (a path missing, a failed test).',
  },
  PAWS4005: {
    severity: 'warning',
    stage: 'emit',
    summary: 'A patch selects no emitted object in an environment (warning).',
  },
  PAWS4006: {
    severity: 'error',
    stage: 'emit',
    summary:
      "A patch makes a pod break its workload's security profile (privileged, root, host namespaces or paths, added capabilities).",
  },
  PAWS4007: {
    severity: 'error',
    stage: 'emit',
    summary:
      "A workload's own patch changes a container's image, which the workload's containers say (and policies check).",
  },
  PAWS4008: {
    severity: 'error',
    stage: 'emit',
    summary: "A patched object is not one the cluster accepts (its kind's upstream schema refuses it).",
  },
  PAWS5001: {
    severity: 'error',
    stage: 'write',
    summary:
      'The output folder holds files but no .paws-manifest.json: paws will not write into it without --force.',
  },
  PAWS5002: {
    severity: 'error',
    stage: 'write',
    summary: 'Writing the output failed; the previous output is left as it was.',
  },
  PAWS5003: {
    severity: 'error',
    stage: 'write',
    summary: 'The output folder is unsafe: a symlink, a file, or a folder that holds the inputs.',
  },
  PAWS5004: {
    severity: 'error',
    stage: 'write',
    summary: 'Another paws is writing the same output folder and did not finish within the lock timeout.',
  },
  PAWS5005: {
    severity: 'warning',
    stage: 'write',
    summary:
      'An environment is gone from the platform (or torn down), or a workload or shared resource from an environment: its Kubernetes and ArgoCD files are removed and a teardown module is kept for each Terraform state (warning).',
  },
  PAWS5006: {
    severity: 'error',
    stage: 'write',
    summary:
      'paws teardown names an environment that still exists in the platform, or one the output folder does not hold.',
  },
  PAWS5007: {
    severity: 'error',
    stage: 'write',
    summary:
      'The output folder’s .paws-manifest.json lists a path outside the folder (absolute, .., not normalized): it is not trusted.',
  },
  PAWS5008: {
    severity: 'error',
    stage: 'write',
    summary:
      'A file paws did not write sits where paws now generates one: it is not replaced without --force.',
  },
  PAWS5009: {
    severity: 'error',
    stage: 'write',
    summary:
      'Beside the output folder is a journal, lock, staging or backup folder that no paws writing this folder left (committed, copied, or tampered with): paws does not act on it.',
  },
  PAWS5010: {
    severity: 'error',
    stage: 'write',
    summary:
      'A compile given paths finds a workload in the output whose spec is gone: only a compile of the whole project removes a workload.',
  },
  PAWS5011: {
    severity: 'warning',
    stage: 'write',
    summary:
      'An ephemeral clone in the output was cloned from an environment that is gone or no longer allows clones: it stays deployed until torn down (warning).',
  },
  PAWS6001: {
    severity: 'warning',
    stage: 'diff',
    summary:
      'A resource matches another definition than before: a stateful resource would be replaced (warning).',
  },
  PAWS6002: {
    severity: 'error',
    stage: 'diff',
    summary: '--against-ref names no commit, or paws diff runs outside a git checkout.',
  },
  PAWS6003: {
    severity: 'error',
    stage: 'diff',
    summary: 'The specs at the --against-ref commit do not compile.',
  },
  PAWS9001: {
    severity: 'error',
    stage: 'internal',
    summary: 'An unexpected internal error; please report it with the input that caused it.',
  },
} as const satisfies Record<string, { severity: Severity; stage: string; summary: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * One diagnostic per problem: those found again in other environments (the same code, place, message
 * and hint) become one, with every environment listed. With one environment planned, none is named.
 */
export function mergeAcrossEnvironments(diagnostics: readonly Diagnostic[], planned: number): Diagnostic[] {
  const byKey = new Map<string, Diagnostic>();
  const merged: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (!d.environments) {
      merged.push(d);
      continue;
    }
    const { environments, ...rest } = d;
    const key = JSON.stringify(rest);
    const first = byKey.get(key);
    if (first) {
      for (const env of environments) if (!first.environments?.includes(env)) first.environments?.push(env);
      continue;
    }
    const copy: Diagnostic = planned > 1 ? { ...rest, environments: [...environments] } : { ...rest };
    byKey.set(key, copy);
    merged.push(copy);
  }
  for (const d of merged) d.environments?.sort(compareStrings);
  return merged;
}

/** The one order in which diagnostics are reported: by file, position, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareStrings(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.message, b.message),
  );
}

/** The result of every pipeline stage. */
export interface StageResult<T> {
  value: T;
  diagnostics: Diagnostic[];
}
