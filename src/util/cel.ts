import { createRequire } from 'node:module';
import type * as Cel from '@bufbuild/cel';
import type * as CelExt from '@bufbuild/cel/ext';
import { kubernetesFunctions } from './cel-kubernetes.js';

/**
 * CEL through @bufbuild/cel, a conformance-tested implementation, loaded on first use: a project
 * without policies never loads it. Each expression text is parsed and planned once per process.
 */
type CelModule = typeof Cel;

const require = createRequire(import.meta.url);
let loaded: { cel: CelModule; env: ReturnType<CelModule['celEnv']> } | undefined;

function load(): NonNullable<typeof loaded> {
  if (!loaded) {
    const cel = require('@bufbuild/cel') as CelModule;
    const { strings } = require('@bufbuild/cel/ext') as typeof CelExt;
    loaded = { cel, env: cel.celEnv({ funcs: [...strings, ...kubernetesFunctions(cel)] }) };
  }
  return loaded;
}

/** A node of the parsed expression, as plain data (for checks of the names it reads). */
export type CelNode = { exprKind?: { case?: string; value?: unknown } } & Record<string, unknown>;

export type CompiledCel =
  | { ok: true; root: CelNode; evaluate: (variables: Record<string, unknown>) => EvalResult }
  | { ok: false; message: string; line: number; column: number };

export type EvalResult = { ok: true; value: unknown } | { ok: false; message: string };

const cache = new Map<string, CompiledCel>();

/**
 * Plain data as CEL reads it: a whole number is an int (a JS number alone would be a double, and
 * `type(workload.replicas) == int` false), every other value as it is.
 */
function celValues(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(celValues);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = celValues(item);
    return out;
  }
  return value;
}

/**
 * Variables as CEL reads them, converted once per variables object: every rule checked for one
 * subject reads the same object, which would otherwise be copied for each rule.
 */
const converted = new WeakMap<object, Record<string, unknown>>();
function asCel(variables: Record<string, unknown>): Record<string, unknown> {
  let input = converted.get(variables);
  if (!input) {
    input = celValues(variables) as Record<string, unknown>;
    converted.set(variables, input);
  }
  return input;
}

/** Parses and plans an expression; a syntax error comes with its 1-based line and column in the text. */
export function compileCel(text: string): CompiledCel {
  const cached = cache.get(text);
  if (cached) return cached;
  const { cel, env } = load();
  let compiled: CompiledCel;
  try {
    const parsed = cel.parse(text);
    const run = cel.plan(env, parsed) as (variables: Record<string, unknown>) => unknown;
    compiled = {
      ok: true,
      root: parsed.expr as unknown as CelNode,
      evaluate: (variables) => {
        const value = run(asCel(variables));
        return cel.isCelError(value) ? { ok: false, message: value.message } : { ok: true, value };
      },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /^<input>:(\d+):(\d+): ([\s\S]*)$/.exec(message);
    compiled = at
      ? {
          ok: false,
          message: (at[3] ?? '').split('\n')[0] ?? '',
          line: Number(at[1]),
          column: Number(at[2]) + 1,
        }
      : { ok: false, message, line: 1, column: 1 };
  }
  cache.set(text, compiled);
  return compiled;
}

/** Namespaces of library functions, which read like variables (`sets.contains(a, b)`). */
const NAMESPACES = ['sets'];

/**
 * Every chain of field selections on a variable (`workload.autoscaling.max` → ["workload",
 * "autoscaling", "max"]), and the names comprehensions bind (`containers.all(c, …)` binds c).
 */
export function celReferences(root: CelNode): {
  paths: string[][];
  bound: Set<string>;
  /** What each comprehension variable ranges over, when that is a chain of selections. */
  ranges: Map<string, string[]>;
  /** The functions the expression calls, by name (operators excluded). */
  calls: Set<string>;
} {
  const paths: string[][] = [];
  const bound = new Set<string>();
  const ranges = new Map<string, string[]>();
  const calls = new Set<string>();
  const chain = (node: CelNode): string[] | undefined => {
    const kind = node.exprKind;
    if (kind?.case === 'identExpr') return [String((kind.value as { name: string }).name)];
    if (kind?.case === 'selectExpr') {
      const select = kind.value as { operand?: CelNode; field: string };
      const base = select.operand ? chain(select.operand) : undefined;
      return base ? [...base, select.field] : undefined;
    }
    return undefined;
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as CelNode;
    const kind = node.exprKind;
    if (kind?.case === 'identExpr' || kind?.case === 'selectExpr') {
      const path = chain(node);
      if (path) {
        paths.push(path);
        return;
      }
    }
    if (kind?.case === 'comprehensionExpr') {
      const c = kind.value as { iterVar?: string; iterVar2?: string; accuVar?: string; iterRange?: CelNode };
      for (const name of [c.iterVar, c.iterVar2, c.accuVar]) if (name) bound.add(name);
      const range = c.iterRange ? chain(c.iterRange) : undefined;
      if (c.iterVar && range) ranges.set(c.iterVar, range);
    }
    if (kind?.case === 'callExpr') {
      const call = kind.value as { function?: string; target?: CelNode; args?: CelNode[] };
      const name = String(call.function ?? '');
      // A library's namespace (sets.contains) is written as a call on an identifier: not a variable.
      const namespace = call.target ? chain(call.target) : undefined;
      if (namespace?.length === 1 && NAMESPACES.includes(namespace[0] as string)) {
        calls.add(`${namespace[0]}.${name}`);
        visit(call.args);
        return;
      }
      if (/^[A-Za-z]/.test(name)) calls.add(name);
    }
    for (const [key, child] of Object.entries(node)) if (key !== '$typeName') visit(child);
  };
  visit(root);
  return { paths, bound, ranges, calls };
}
