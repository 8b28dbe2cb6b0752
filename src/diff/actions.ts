import { parseAllDocuments } from 'yaml';
import { moduleOfFile } from '../compiler/terraform-paths.js';
import { compareStrings } from '../util/compare.js';
import type { FileChange } from './compare.js';
import { DATA_KINDS, holdsData, immutableKubernetesField, replacingArguments } from './replace-rules.js';

/**
 * What a change does to each Terraform resource and each Kubernetes object, as far as paws can tell
 * offline. A Terraform plan remains the last word: a provider may replace for reasons paws does not
 * model, and the diff is the early warning.
 */
export type ActionKind = 'create' | 'update' | 'replace' | 'delete' | 'move';

export interface Action {
  environment: string;
  kind: 'terraform' | 'kubernetes';
  /** Terraform: `<module>: <type>.<name>` (module "." for the single root module); Kubernetes: `<apiVersion> <Kind> <namespace>/<name>`. */
  address: string;
  action: ActionKind;
  /** The resource it belongs to (`type.class#id`), when paws knows it. */
  resource?: string;
  /** Whether it holds data (its type or definition is `stateful`). */
  stateful: boolean;
  /** Why a replace (the arguments or fields that force it), or where a move comes from. */
  reason?: string;
}

/** Whether a resource (by uid or type) holds data. */
export type StatefulOf = (resource: { uid?: string; type?: string }) => boolean;

/** Every action of the changed files, sorted: environment, then address. */
export function actionsOf(changes: readonly FileChange[], stateful: StatefulOf): Action[] {
  const actions: Action[] = [];
  for (const change of changes) {
    if (change.path.endsWith('.tf.json')) actions.push(...terraformActions(change, stateful));
    else if (change.path.endsWith('.yaml') && change.path.includes('/kubernetes/'))
      actions.push(...kubernetesActions(change, stateful));
  }
  return actions.sort(
    (a, b) => compareStrings(a.environment, b.environment) || compareStrings(a.address, b.address),
  );
}

/** Stateful replaces and deletes: what destroys data. */
export function destructive(actions: readonly Action[]): Action[] {
  return actions.filter((a) => a.stateful && (a.action === 'replace' || a.action === 'delete'));
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

function parseModule(text: string | undefined): {
  resources: Map<string, unknown>;
  moved: Map<string, string>;
} {
  const resources = new Map<string, unknown>();
  const moved = new Map<string, string>();
  if (text === undefined) return { resources, moved };
  let module: { resource?: Blocks; moved?: { from?: string; to?: string }[] };
  try {
    module = JSON.parse(text) as typeof module;
  } catch {
    return { resources, moved };
  }
  for (const [type, byName] of Object.entries(module.resource ?? {}))
    for (const [name, body] of Object.entries(byName ?? {})) resources.set(`${type}.${name}`, body);
  for (const block of module.moved ?? [])
    if (typeof block?.from === 'string' && typeof block.to === 'string') moved.set(block.to, block.from);
  return { resources, moved };
}

/** The resource a Terraform block belongs to: paws names blocks `<type>_<class>_<id>`. */
function resourceTypeOfName(name: string): string | undefined {
  const plain = name.startsWith('r_') ? name.slice(2) : name;
  const type = plain.split('_')[0];
  return type || undefined;
}

function terraformActions(change: FileChange, stateful: StatefulOf): Action[] {
  const module = moduleOfFile(change.environment, change.path);
  const before = parseModule(change.before);
  const after = parseModule(change.after);
  const actions: Action[] = [];
  const movedFrom = new Set(after.moved.values());
  const make = (address: string, action: ActionKind, reason?: string): Action => {
    const name = address.slice(address.indexOf('.') + 1);
    const type = resourceTypeOfName(name);
    return {
      environment: change.environment,
      kind: 'terraform',
      address: `${module || '.'}: ${address}`,
      action,
      stateful: holdsData(address.split('.')[0] as string) && stateful({ ...(type ? { type } : {}) }),
      ...(reason ? { reason } : {}),
    };
  };
  for (const [address, body] of after.resources) {
    const from = after.moved.get(address);
    const old = before.resources.get(address) ?? (from ? before.resources.get(from) : undefined);
    if (old === undefined) actions.push(make(address, 'create'));
    else if (from && !before.resources.has(address)) {
      const forced = replacingArguments(address.split('.')[0] as string, old, body);
      actions.push(
        make(
          address,
          forced.length > 0 ? 'replace' : 'move',
          forced.length > 0 ? `${forced.join(', ')} change (moved from ${from})` : `from ${from}`,
        ),
      );
    } else if (JSON.stringify(old) !== JSON.stringify(body)) {
      const forced = replacingArguments(address.split('.')[0] as string, old, body);
      actions.push(
        forced.length > 0 ? make(address, 'replace', `${forced.join(', ')} change`) : make(address, 'update'),
      );
    }
  }
  for (const address of before.resources.keys())
    if (!after.resources.has(address) && !movedFrom.has(address)) actions.push(make(address, 'delete'));
  return actions;
}

type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
};

function objectsOf(text: string | undefined): Map<string, K8sObject> {
  const objects = new Map<string, K8sObject>();
  if (text === undefined) return objects;
  for (const doc of parseAllDocuments(text)) {
    const object = doc.toJS() as K8sObject | null;
    if (!object || typeof object !== 'object') continue;
    const key = `${object.apiVersion} ${object.kind} ${object.metadata?.namespace ?? '-'}/${object.metadata?.name}`;
    objects.set(key, object);
  }
  return objects;
}

function kubernetesActions(change: FileChange, stateful: StatefulOf): Action[] {
  const before = objectsOf(change.before);
  const after = objectsOf(change.after);
  const actions: Action[] = [];
  const make = (address: string, object: K8sObject, action: ActionKind, reason?: string): Action => {
    const uid = object.metadata?.annotations?.['paws.dev/resource-uid'];
    return {
      environment: change.environment,
      kind: 'kubernetes',
      address,
      action,
      ...(uid ? { resource: uid } : {}),
      stateful: uid !== undefined && DATA_KINDS.has(String(object.kind)) && stateful({ uid }),
      ...(reason ? { reason } : {}),
    };
  };
  for (const [address, object] of after) {
    const old = before.get(address);
    if (old === undefined) actions.push(make(address, object, 'create'));
    else if (JSON.stringify(old) !== JSON.stringify(object)) {
      const fields = immutableKubernetesField(old, object);
      actions.push(
        fields.length > 0
          ? make(address, object, 'replace', `${fields.join(', ')} change`)
          : make(address, object, 'update'),
      );
    }
  }
  for (const [address, object] of before)
    if (!after.has(address)) actions.push(make(address, object, 'delete'));
  return actions;
}

/** A private resource that went while one of the same type and class came, in the same workload. */
export interface LikelyRename {
  environment: string;
  workload: string;
  from: string;
  to: string;
  type: string;
}

/**
 * Likely renames, from the resources each side's manifest records (uid → definition): undeclared,
 * a rename replaces the resource; `movedFrom` keeps it.
 */
export function likelyRenames(
  before: Readonly<Record<string, Readonly<Record<string, string>>>>,
  after: Readonly<Record<string, Readonly<Record<string, string>>>>,
): LikelyRename[] {
  const renames: LikelyRename[] = [];
  const parse = (uid: string) => {
    const match = /^([^.]+)\.([^#]+)#([a-z0-9-]+)\.([a-z0-9-]+)$/.exec(uid);
    return match
      ? {
          type: match[1] as string,
          klass: match[2] as string,
          workload: match[3] as string,
          name: match[4] as string,
        }
      : undefined;
  };
  for (const environment of Object.keys(after).sort(compareStrings)) {
    const old = before[environment] ?? {};
    const now = after[environment] ?? {};
    const gone = Object.keys(old)
      .filter((uid) => !Object.hasOwn(now, uid))
      .map(parse);
    const came = Object.keys(now)
      .filter((uid) => !Object.hasOwn(old, uid))
      .map(parse);
    for (const g of gone) {
      const match = came.filter(
        (c) => g && c && c.type === g.type && c.klass === g.klass && c.workload === g.workload,
      );
      if (g && match.length === 1 && match[0])
        renames.push({ environment, workload: g.workload, from: g.name, to: match[0].name, type: g.type });
    }
  }
  return renames;
}
