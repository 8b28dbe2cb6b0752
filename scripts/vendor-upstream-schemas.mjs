// Vendors, from ../shared/upstream-schemas (see its README for where each comes from), the schemas
// paws checks emitted and rendered objects against at run time, into spec/upstream/kubernetes.json:
//  - Kubernetes 1.35 OpenAPI v3 (kubernetes-sigs/kubectl-validate builtins/1.35) for the group-versions
//    below, every resource kind with every definition it reaches;
//  - the CRDs of External Secrets 2.9, Argo CD 3.5 and Gateway API 1.6 (standard channel), served versions.
// Made strict as a server is: unknown fields are refused except under x-kubernetes-preserve-unknown-fields,
// int-or-string takes both, quantities must parse. Descriptions and CEL rules are dropped (the CEL
// rules paws' own output meets are mirrored in tests). Run: node scripts/vendor-upstream-schemas.mjs [shared dir]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = process.argv[2] ?? `${root}../shared/upstream-schemas`;
const GROUP_VERSIONS = [
  'api/v1',
  'apis/apps/v1',
  'apis/batch/v1',
  'apis/policy/v1',
  'apis/autoscaling/v2',
  'apis/networking.k8s.io/v1',
  'apis/rbac.authorization.k8s.io/v1',
];
const CRD_FOLDERS = ['eso', 'argocd', 'gw'];
// Kinds left out for their size (ApplicationSet alone is 380 KB): a definition does not render them.
const LEFT_OUT = new Set(['ApplicationSet', 'ClusterGenerator']);
const QUANTITY = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$';
const DROP = new Set([
  'description',
  'default',
  'example',
  'x-kubernetes-validations',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-group-version-kind',
  'x-kubernetes-embedded-resource',
  'format',
]);

/** A schema made strict, with refs into `definitions`. */
function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROP.has(key)) continue;
    if (key === '$ref') out.$ref = value.replace('#/components/schemas/', '#/definitions/');
    else if (key === 'properties' || key === 'patternProperties')
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v)]));
    else out[key] = strict(value);
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out['x-kubernetes-int-or-string'];
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  const preserve = out['x-kubernetes-preserve-unknown-fields'];
  delete out['x-kubernetes-preserve-unknown-fields'];
  if (out.properties && out.additionalProperties === undefined && !preserve) out.additionalProperties = false;
  return out;
}

const definitions = {};
const kinds = {};

function reach(all, name) {
  if (definitions[name] || !all[name]) return;
  definitions[name] = strict(all[name]);
  for (const match of JSON.stringify(all[name]).matchAll(/#\/components\/schemas\/([^"]+)/g))
    reach(all, match[1]);
}

for (const file of GROUP_VERSIONS) {
  const all = JSON.parse(readFileSync(`${shared}/k8s/${file}.json`, 'utf8')).components.schemas;
  const apiVersion = file.replace(/^apis?\//, '');
  for (const [name, schema] of Object.entries(all)) {
    const gvk = schema['x-kubernetes-group-version-kind']?.find(
      (g) => (g.group ? `${g.group}/${g.version}` : g.version) === apiVersion,
    );
    if (!gvk || gvk.kind.endsWith('List') || !schema.properties?.metadata || !name.startsWith('io.k8s.api.'))
      continue;
    kinds[`${apiVersion}/${gvk.kind}`] = name;
    reach(all, name);
  }
}
definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'] = {
  anyOf: [{ type: 'string', pattern: QUANTITY }, { type: 'number' }],
};

for (const folder of CRD_FOLDERS) {
  for (const file of readdirSync(`${shared}/crds/${folder}`).sort()) {
    if (!file.endsWith('.yaml') || file === 'kustomization.yaml') continue;
    for (const doc of parseAllDocuments(readFileSync(`${shared}/crds/${folder}/${file}`, 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition' || LEFT_OUT.has(crd.spec.names.kind)) continue;
      for (const version of crd.spec.versions) {
        if (!version.served || !version.schema) continue;
        const name = `crd.${crd.spec.group}.${version.name}.${crd.spec.names.kind}`;
        const schema = strict(version.schema.openAPIV3Schema);
        // Every object has the standard metadata, whatever the CRD says of it.
        schema.properties = {
          ...schema.properties,
          metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
        };
        definitions[name] = schema;
        kinds[`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`] = name;
      }
    }
  }
}

const sorted = (object) =>
  Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((k) => [k, object[k]]),
  );
const output = {
  $comment:
    'Vendored by scripts/vendor-upstream-schemas.mjs from Kubernetes 1.35 OpenAPI v3 (kubernetes-sigs/kubectl-validate builtins/1.35), External Secrets 2.9.0, Argo CD 3.5.1 and Gateway API 1.6.1 CRDs (Apache-2.0); descriptions and CEL rules dropped, unknown fields refused.',
  kinds: sorted(kinds),
  definitions: sorted(definitions),
};
writeFileSync(`${root}spec/upstream/kubernetes.json`, `${JSON.stringify(output)}\n`);
console.log(`${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions`);
