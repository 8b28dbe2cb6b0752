import { parseAllDocuments } from 'yaml';

type Files = readonly { path: string; content: string }[];
/** An emitted object as tests read it: kind and metadata typed, the rest of any shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- objects of every kind, read by path
type Loose = Record<string, any>;
export type K8sObject = { kind: string; metadata: { name: string; namespace?: string } } & Loose;

/** Every object of a multi-document YAML text. */
export function objectsOf(content: string | undefined): K8sObject[] {
  return content === undefined ? [] : parseAllDocuments(content).map((d) => d.toJS() as K8sObject);
}

/**
 * The object of a kind (and name) in a folder's manifests.yaml: `objectIn(files, 'dev/kubernetes/api',
 * 'Deployment')`. Undefined when the folder or the object is not there.
 */
export function objectIn(files: Files, folder: string, kind: string, name?: string): K8sObject | undefined {
  const file = files.find((f) => f.path === `${folder}/manifests.yaml`);
  return objectsOf(file?.content).find(
    (o) => o.kind === kind && (name === undefined || o.metadata.name === name),
  );
}
