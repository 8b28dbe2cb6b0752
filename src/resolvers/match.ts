import type { ResourceDefinition } from '../compiler/model.js';
import type { CandidateReport, Criterion, CriterionCheck } from '../compiler/plan/types.js';
import { compareStrings } from '../util/compare.js';

export type { CandidateReport, Criterion, CriterionCheck };
import type { ResolvedEnvironment } from '../compiler/environment.js';
import { DEFAULT_CLASS } from '../compiler/identity.js';

/** Most specific first: a definition for one resource id beats one for an environment, and so on. */
export const SPECIFICITY: readonly Criterion[] = [
  'resourceIds',
  'environments',
  'workloads',
  'environmentTypes',
];

export interface MatchSubject {
  type: string;
  class: string;
  id: string;
  /** Workloads that use the resource (several for a shared one). */
  workloads: readonly string[];
  environment: ResolvedEnvironment;
}

export interface MatchResult {
  candidates: CandidateReport[];
  winner?: CandidateReport;
  /** Why the winner won, or why nothing did. */
  reason: string;
  /** Two equally specific matches: an error, never settled by file order. */
  tie?: [CandidateReport, CandidateReport];
}

function actualValues(subject: MatchSubject, criterion: Criterion): string[] {
  switch (criterion) {
    case 'resourceIds':
      return [subject.id];
    case 'environments':
      return [subject.environment.name];
    case 'workloads':
      return [...subject.workloads];
    case 'environmentTypes':
      return [subject.environment.type];
  }
}

const ANY_CLASS = '*';

/**
 * Every definition of the subject's type is a candidate; it matches when its classes include the
 * subject's class and every criterion it sets holds. A `workloads` criterion holds for a shared
 * resource only when it lists every workload that uses it.
 */
/** How one definition of the subject's type fares: its classes, and each match criterion it sets. */
function candidateReport(subject: MatchSubject, definition: ResourceDefinition): CandidateReport {
  // A built-in definition that names no classes is a fallback for every class ("*").
  const classes = definition.spec.classes ?? (definition.builtin ? [ANY_CLASS] : [DEFAULT_CLASS]);
  const classPass = classes.includes(ANY_CLASS) || classes.includes(subject.class);
  const match = definition.spec.match ?? {};
  const checks = SPECIFICITY.filter((c) => match[c] !== undefined).map((criterion): CriterionCheck => {
    const allowed: string[] = [...(match[criterion] ?? [])];
    const actual = actualValues(subject, criterion);
    return {
      criterion,
      allowed,
      actual,
      pass: actual.length > 0 && actual.every((v) => allowed.includes(v)),
    };
  });
  return {
    definition: definition.name,
    file: definition.document.source.displayPath,
    builtin: definition.builtin,
    classes,
    classPass,
    checks,
    matched: classPass && checks.every((c) => c.pass),
    specificity: checks.map((c) => c.criterion),
  };
}

export function matchDefinition(
  subject: MatchSubject,
  definitions: readonly ResourceDefinition[],
): MatchResult {
  const candidates = definitions
    .filter((d) => d.spec.type === subject.type)
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((definition) => candidateReport(subject, definition));

  // Built-in definitions are fallbacks: they compete only when no platform definition matches.
  const all = candidates.filter((c) => c.matched);
  const platformMatches = all.filter((c) => !c.builtin);
  const matched = (platformMatches.length > 0 ? platformMatches : all).sort(bySpecificity);
  const [first, second] = matched;
  if (!first) {
    return {
      candidates,
      reason:
        candidates.length === 0 ? `no definition of type "${subject.type}" exists` : 'no candidate matches',
    };
  }
  if (second && bySpecificity(first, second) === 0) {
    return {
      candidates,
      tie: [first, second],
      reason: `"${first.definition}" and "${second.definition}" match equally specifically (${describeSpecificity(first)})`,
    };
  }
  const fallback =
    first.builtin && all.length === matched.length && candidates.some((c) => !c.builtin)
      ? ' (no platform definition matches)'
      : '';
  const reason = second
    ? `most specific: it matches on ${describeSpecificity(first)}, "${second.definition}" only on ${describeSpecificity(second)}`
    : matched.length === 1 && candidates.length === 1
      ? 'the only definition of this type'
      : `the only matching ${first.builtin ? 'built-in ' : ''}definition${fallback}`;
  return { candidates, winner: first, reason };
}

/** Sorts most specific first: compare the criteria set, most specific criterion first. */
function bySpecificity(a: CandidateReport, b: CandidateReport): number {
  for (const criterion of SPECIFICITY) {
    const diff = Number(b.specificity.includes(criterion)) - Number(a.specificity.includes(criterion));
    if (diff !== 0) return diff;
  }
  return 0;
}

export function describeSpecificity(candidate: CandidateReport): string {
  return candidate.specificity.length > 0 ? candidate.specificity.join(' + ') : 'type and class alone';
}

/** Why one candidate did not match, for "no match" errors and `paws explain`. */
export function failedCriterion(candidate: CandidateReport, subjectClass: string): string | undefined {
  if (!candidate.classPass)
    return `class "${subjectClass}" is not in its classes [${candidate.classes.join(', ')}]`;
  const failed = candidate.checks.find((c) => !c.pass);
  if (!failed) return undefined;
  return `${failed.criterion} [${failed.allowed.join(', ')}] does not include ${failed.actual.map((a) => `"${a}"`).join(', ')}`;
}
