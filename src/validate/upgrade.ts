import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import { setOwn } from '../util/compare.js';
import { joinPointer, toPointer } from '../compiler/load/pointer.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Score's tools upgrade deprecated forms before validating: `files` and `volumes` as lists (each
 * item with a `target`) become maps keyed by target, and a volume's `read_only` becomes `readOnly`.
 * The upgraded value replaces `doc.value`; renames keep positions pointing at what was written.
 */
export function upgradeDeprecatedForms(doc: LoadedDocument): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (!isObj(doc.value) || !isObj(doc.value.containers)) return diagnostics;
  const value = { ...doc.value, containers: { ...doc.value.containers } };
  const containers = value.containers as Obj;
  for (const [name, raw] of Object.entries(containers)) {
    if (!isObj(raw)) continue;
    const container: Obj = { ...raw };
    containers[name] = container;
    for (const field of ['files', 'volumes'] as const) {
      const base = toPointer(['containers', name, field]);
      const list = container[field];
      const written = new Map<string, string>();
      if (Array.isArray(list)) {
        const map: Obj = {};
        list.forEach((item, index) => {
          const itemPointer = joinPointer(base, String(index));
          if (!isObj(item) || typeof item.target !== 'string') {
            diagnostics.push({
              code: 'PAWS2102',
              severity: 'error',
              message: `containers.${name}.${field}[${index}] is missing the required field "target" (the list form of ${field} needs a target path on every item)`,
              ...locate(doc, itemPointer, 'key'),
              hint: `better: write ${field} as a map from target path to details, the current Score form`,
            });
            return;
          }
          const { target, ...rest } = item;
          if (Object.hasOwn(map, target)) {
            diagnostics.push({
              code: 'PAWS2504',
              severity: 'error',
              message: `containers.${name}.${field}[${index}] has target "${target}", which an earlier item already uses`,
              ...locate(doc, joinPointer(itemPointer, 'target')),
              hint: 'each target path can be mounted once',
            });
            return;
          }
          setOwn<unknown>(map, target, rest);
          doc.renames.set(joinPointer(base, target), itemPointer);
          written.set(target, itemPointer);
        });
        container[field] = map;
      }
      if (field === 'volumes' && isObj(container.volumes)) {
        for (const [target, volume] of Object.entries(container.volumes)) {
          if (isObj(volume) && 'read_only' in volume && !('readOnly' in volume)) {
            const { read_only, ...rest } = volume;
            (container.volumes as Obj)[target] = { ...rest, readOnly: read_only };
            const volumePointer = joinPointer(base, target);
            const original = written.get(target) ?? volumePointer;
            doc.renames.set(joinPointer(volumePointer, 'readOnly'), joinPointer(original, 'read_only'));
          }
        }
      }
    }
  }
  doc.value = value;
  return diagnostics;
}
