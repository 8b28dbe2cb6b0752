/**
 * JSON Patch (RFC 6902) and JSON Merge Patch (RFC 7396) over plain JSON values. Neither changes its
 * input: the result is a new value sharing untouched parts. Keys are set as own properties, so a
 * path through "__proto__" is data like any other key.
 */

import { setOwn } from './compare.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

export type PatchResult = { ok: true; value: Json } | { ok: false; index: number; message: string };

class PatchError extends Error {}

/** `/a/b~1c` → ["a", "b/c"]. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new PatchError(`"${pointer}" is not a JSON Pointer (it starts with "/")`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const isObject = (value: unknown): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function arrayIndex(list: Json[], token: string, forAdd: boolean, pointer: string): number {
  if (forAdd && token === '-') return list.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`"${token}" in ${pointer} is not a list index`);
  const index = Number(token);
  if (index > list.length || (!forAdd && index === list.length))
    throw new PatchError(`${pointer}: index ${index} is past the end of a list of ${list.length}`);
  return index;
}

function get(doc: Json, pointer: string): Json {
  let current: Json = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(current)) current = current[arrayIndex(current, token, false, pointer)] as Json;
    else if (isObject(current) && Object.hasOwn(current, token)) current = current[token] as Json;
    else throw new PatchError(`${pointer} does not exist`);
  }
  return current;
}

/** A copy of `doc` with the container at `tokens` (all but the last) copied, so it can change. */
function withParent(
  doc: Json,
  tokens: string[],
  pointer: string,
  change: (parent: Json[] | { [key: string]: Json }, last: string) => void,
): Json {
  if (tokens.length === 0) throw new PatchError('the whole object cannot be the target');
  const copy = (value: Json): Json[] | { [key: string]: Json } => {
    if (Array.isArray(value)) return [...value];
    if (isObject(value)) {
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(value)) setOwn(out, key, value[key] as Json);
      return out;
    }
    throw new PatchError(`${pointer}: a parent is not an object or a list`);
  };
  const root = copy(doc);
  let current = root;
  for (const token of tokens.slice(0, -1)) {
    let next: Json;
    if (Array.isArray(current)) next = current[arrayIndex(current, token, false, pointer)] as Json;
    else if (Object.hasOwn(current, token)) next = current[token] as Json;
    else throw new PatchError(`${pointer}: "${token}" does not exist`);
    const copied = copy(next);
    if (Array.isArray(current)) current[Number(token)] = copied;
    else setOwn(current, token, copied);
    current = copied;
  }
  change(current, tokens[tokens.length - 1] as string);
  return root;
}

function add(doc: Json, pointer: string, value: Json): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  return withParent(doc, tokens, pointer, (parent, last) => {
    if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, pointer), 0, value);
    else setOwn(parent, last, value);
  });
}

function remove(doc: Json, pointer: string): Json {
  return withParent(doc, parsePointer(pointer), pointer, (parent, last) => {
    if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false, pointer), 1);
    else if (Object.hasOwn(parent, last)) delete parent[last];
    else throw new PatchError(`${pointer} does not exist`);
  });
}

function replace(doc: Json, pointer: string, value: Json): Json {
  if (pointer === '') return value;
  get(doc, pointer);
  return withParent(doc, parsePointer(pointer), pointer, (parent, last) => {
    if (Array.isArray(parent)) parent[arrayIndex(parent, last, false, pointer)] = value;
    else setOwn(parent, last, value);
  });
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );

function step(doc: Json, operation: PatchOperation): Json {
  const value = operation.value as Json;
  switch (operation.op) {
    case 'add':
      return add(doc, operation.path, value);
    case 'remove':
      return remove(doc, operation.path);
    case 'replace':
      return replace(doc, operation.path, value);
    case 'move': {
      const from = operation.from ?? '';
      if (operation.path.startsWith(`${from}/`)) throw new PatchError(`cannot move ${from} into itself`);
      const moved = get(doc, from);
      return add(remove(doc, from), operation.path, moved);
    }
    case 'copy':
      return add(doc, operation.path, get(doc, operation.from ?? ''));
    case 'test': {
      const actual = get(doc, operation.path);
      if (canonical(actual) !== canonical(value))
        throw new PatchError(
          `test failed: ${operation.path} is ${canonical(actual)}, not ${canonical(value)}`,
        );
      return doc;
    }
  }
}

/** Applies the operations in order; the first that cannot apply stops it, naming its index. */
export function applyJsonPatch(doc: Json, operations: readonly PatchOperation[]): PatchResult {
  let current = doc;
  for (const [index, operation] of operations.entries()) {
    try {
      current = step(current, operation);
    } catch (error) {
      if (error instanceof PatchError) return { ok: false, index, message: error.message };
      throw error;
    }
  }
  return { ok: true, value: current };
}

/** RFC 7396: objects merge key by key, null removes, anything else (lists too) replaces. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: { [key: string]: Json } = {};
  if (isObject(target)) for (const key of Object.keys(target)) setOwn(out, key, target[key] as Json);
  for (const key of Object.keys(patch)) {
    const value = patch[key] as Json;
    if (value === null) delete out[key];
    else setOwn(out, key, applyMergePatch(Object.hasOwn(out, key) ? (out[key] as Json) : null, value));
  }
  return out;
}

/** Every path a merge patch sets or removes (its leaves), as JSON Pointers. */
export function mergePatchPaths(patch: Json, prefix = ''): string[] {
  if (!isObject(patch)) return [prefix];
  const keys = Object.keys(patch);
  if (keys.length === 0) return [prefix];
  return keys.flatMap((key) =>
    mergePatchPaths(patch[key] as Json, `${prefix}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}
