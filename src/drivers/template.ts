import { parseAllDocuments } from 'yaml';
import { hasDuplicateKeys } from '../util/json-keys.js';
import { parseWithShapes, swappableNames } from './parse-cache.js';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { locate } from '../compiler/load/index.js';
import { templateDiagnostic } from './template-diagnostic.js';
import { renderTemplate, snakeCase, TemplateError } from './template-engine.js';
import { kubernetesLabel } from '../compiler/identity.js';
import type { Driver, DriverInput, Fragment, KubernetesObject, TerraformBlocks } from './types.js';

/** The Terraform JSON block types a fragment may add; providers, backend and outputs belong to paws. */
const TERRAFORM_BLOCKS = new Set([
  'resource',
  'data',
  'ephemeral',
  'locals',
  'module',
  'check',
  'import',
  'moved',
  'removed',
]);

export function templateContext(input: DriverInput): Record<string, unknown> {
  return {
    resource: input.resource,
    params: input.params,
    environment: {
      name: input.environment.name,
      type: input.environment.type,
      ...(input.environment.cloudNamePrefix ? { cloudNamePrefix: input.environment.cloudNamePrefix } : {}),
      ...(input.environment.dns ? { dns: input.environment.dns } : {}),
    },
    workloads: input.workloads,
    requires: input.requires,
    requiredSecrets: input.requiredSecrets,
    services: input.services,
    // The workload a private resource belongs to, with its Service's name, namespace and ports.
    service:
      input.workloads.length === 1 && input.services[input.workloads[0] as string]
        ? input.services[input.workloads[0] as string]
        : null,
    generated: input.generated,
    secrets: input.secrets,
    outputs: input.outputText,
  };
}

/**
 * Renders the definition's template (`template`, or `templateFile` next to the definition) and
 * parses the result as YAML (JSON is YAML too): one mapping of Terraform blocks, or Kubernetes
 * objects, one per document.
 */
function renderDefinitionTemplate(input: DriverInput): {
  text?: string;
  diagnostics: Diagnostic[];
  pointer: string;
} {
  const { definition } = input;
  const driver = definition.spec.driver;
  const pointer = driver.template !== undefined ? '/spec/driver/template' : '/spec/driver/templateFile';
  const what = `template of definition "${definition.name}"`;
  let template = driver.template;
  if (template === undefined && driver.templateFile !== undefined) {
    template = input.readAsset(driver.templateFile);
    if (template === undefined) {
      return {
        pointer,
        diagnostics: [
          {
            code: 'PAWS3306',
            severity: 'error',
            message: `${what}: templateFile "${driver.templateFile}" cannot be read`,
            ...locate(definition.document, pointer),
            hint: 'the path is relative to the definition file',
          },
        ],
      };
    }
  }
  if (template === undefined) return { text: '', diagnostics: [], pointer };
  try {
    return { text: renderTemplate(template, templateContext(input)), diagnostics: [], pointer };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { diagnostics: [templateDiagnostic(definition.document, pointer, error, what)], pointer };
  }
}

function asJson(text: string): unknown {
  const start = text[text.search(/\S/)];
  if (start !== '{' && start !== '[') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return hasDuplicateKeys(text) ? undefined : value;
  } catch {
    return undefined;
  }
}

function renderedYaml(
  input: DriverInput,
  text: string,
  pointer: string,
): { documents: unknown[]; diagnostics: Diagnostic[] } {
  // JSON (what Terraform templates render) is YAML too, and JSON.parse reads it many times faster;
  // anything else, or JSON with a repeated key, goes through the YAML parser and its diagnostics.
  const json = asJson(text);
  if (json !== undefined) return { documents: json === null ? [] : [json], diagnostics: [] };
  const documents = parseWithShapes(text, namesOf(input), parsedDocuments);
  if (documents) return { documents, diagnostics: [] };
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  const error = list.flatMap((d) => d.errors)[0];
  const line = error ? text.slice(0, error.pos[0]).split('\n').length : 0;
  return {
    documents: [],
    diagnostics: [
      {
        code: 'PAWS3306',
        severity: 'error',
        message: `template of definition "${input.definition.name}" renders invalid YAML at line ${line} of its output: ${error?.message.split(' at line')[0] ?? 'unreadable'}`,
        ...locate(input.definition.document, pointer),
        hint: 'check quoting of values the template inserts; {{json value}} writes any value as valid YAML',
      },
    ],
  };
}

/** The documents of a YAML text, or undefined when it does not parse. */
function parsedDocuments(text: string): unknown[] | undefined {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  if (list.some((d) => d.errors.length > 0)) return undefined;
  return list.map((d) => d.toJS({ maxAliasCount: 100 })).filter((d) => d !== null && d !== undefined);
}

/** The per-resource names a template inserts, which differ between renderings of one shape. */
function namesOf(input: DriverInput): string[] {
  const { resource } = input;
  const service = input.workloads.length === 1 ? input.services[input.workloads[0] as string] : undefined;
  const secretNames = (refs: Record<string, { name: string }>) => Object.values(refs).map((r) => r.name);
  return swappableNames([
    resource.k8sName,
    resource.namespace,
    resource.tfName,
    resource.id,
    resource.uid,
    snakeCase(resource.id),
    kubernetesLabel(resource.id),
    input.environment.name,
    ...input.workloads,
    ...secretNames(input.secrets),
    ...Object.values(input.requiredSecrets).flatMap(secretNames),
    ...(service ? [service.name, service.namespace] : []),
    ...Object.values(input.params),
  ]);
}

const fail = (input: DriverInput, pointer: string, message: string, hint?: string): Diagnostic => ({
  code: 'PAWS3306',
  severity: 'error',
  message: `template of definition "${input.definition.name}" ${message}`,
  ...locate(input.definition.document, pointer),
  ...(hint ? { hint } : {}),
});

export const terraformTemplateDriver: Driver = {
  kind: 'terraform',
  async render(input) {
    const rendered = renderDefinitionTemplate(input);
    if (rendered.text === undefined) return { diagnostics: rendered.diagnostics };
    const parsed = renderedYaml(input, rendered.text, rendered.pointer);
    if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
    if (parsed.documents.length > 1)
      return {
        diagnostics: [
          fail(
            input,
            rendered.pointer,
            'renders several YAML documents; a Terraform fragment is one mapping',
          ),
        ],
      };
    const blocks = (parsed.documents[0] ?? {}) as TerraformBlocks;
    if (typeof blocks !== 'object' || Array.isArray(blocks)) {
      return {
        diagnostics: [fail(input, rendered.pointer, 'does not render a mapping of Terraform blocks')],
      };
    }
    const wrong = Object.keys(blocks).filter((k) => !TERRAFORM_BLOCKS.has(k));
    if (wrong.length > 0) {
      return {
        diagnostics: [
          fail(
            input,
            rendered.pointer,
            `renders Terraform block${wrong.length > 1 ? 's' : ''} ${wrong.map((w) => `"${w}"`).join(', ')}, which a definition may not set`,
            `allowed: ${[...TERRAFORM_BLOCKS].join(', ')}; providers and the backend come from the Environment, outputs from the definition's outputs`,
          ),
        ],
      };
    }
    const fragment: Fragment = { terraform: blocks, kubernetes: [] };
    return { fragment, diagnostics: [] };
  },
};

/**
 * What a Kubernetes template's own text can produce: at most one document per separator (unless it
 * loops) and only the kinds it spells out (unless a kind is itself inserted). A rendering beyond
 * that came from data, not from the definition.
 */
function templateShape(input: DriverInput): {
  documents?: number;
  kinds?: Set<string>;
  namespaces: Set<string>;
} {
  const driver = input.definition.spec.driver;
  const text =
    driver.template ?? (driver.templateFile ? input.readAsset(driver.templateFile) : undefined) ?? '';
  // Namespaces the text writes literally; any other comes from data, unless it is the resource's own.
  const namespaces = new Set(
    [...text.matchAll(/\bnamespace:[ \t]*["']?([a-z0-9]([-a-z0-9]*[a-z0-9])?)["']?[ \t]*[,}\n]/g)].map(
      (m) => m[1] as string,
    ),
  );
  namespaces.add(input.resource.namespace);
  const documents = /\{\{[#~]*\s*each\b/.test(text)
    ? undefined
    : (text.match(/^---[ \t]*$/gm)?.length ?? 0) + 1;
  const kinds = new Set(
    [...text.matchAll(/\bkind:\s*["']?([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1] as string),
  );
  const dynamicKind = /\bkind:\s*["']?\{\{/.test(text);
  return {
    ...(documents !== undefined ? { documents } : {}),
    ...(dynamicKind ? {} : { kinds }),
    namespaces,
  };
}

const INSERT_AS_JSON = 'insert values with {{json …}}, which writes any value as one YAML scalar';

/**
 * What a rendered Kubernetes template holds that its own text does not write (more documents,
 * another kind, another namespace: a value it inserted held YAML structure) or that is not an
 * object at all; undefined when it is what the text says.
 */
function renderedBeyondText(
  input: DriverInput,
  documents: readonly unknown[],
  objects: readonly unknown[],
): { message: string; hint?: string } | undefined {
  const shape = templateShape(input);
  if (shape.documents !== undefined && documents.length > shape.documents)
    return {
      message: `renders ${documents.length} YAML documents, but its text has ${shape.documents}: a value it inserts holds a document separator`,
      hint: INSERT_AS_JSON,
    };
  const foreign = objects.find(
    (o) => shape.kinds && !shape.kinds.has(String((o as { kind?: unknown } | null)?.kind)),
  ) as { kind?: unknown } | undefined;
  if (foreign)
    return {
      message: `renders an object of kind ${JSON.stringify(foreign.kind)}, which its text does not write: a value it inserts holds YAML structure`,
      hint: INSERT_AS_JSON,
    };
  const misplaced = objects.find((o) => {
    const namespace = (o as { metadata?: { namespace?: unknown } } | null)?.metadata?.namespace;
    return namespace !== undefined && !shape.namespaces.has(String(namespace));
  }) as { kind?: unknown; metadata: { namespace: unknown } } | undefined;
  if (misplaced)
    return {
      message: `renders a ${String(misplaced.kind)} in namespace ${JSON.stringify(misplaced.metadata.namespace)}, but paws places this resource in "${input.resource.namespace}" and the text names no other namespace`,
      hint: 'leave metadata.namespace out (paws sets it) or write {{resource.namespace}}; insert values with {{json …}}',
    };
  const broken = objects.findIndex((object) => {
    const o = object as Partial<KubernetesObject> | null;
    return (
      !o ||
      typeof o !== 'object' ||
      typeof o.apiVersion !== 'string' ||
      typeof o.kind !== 'string' ||
      typeof o.metadata?.name !== 'string'
    );
  });
  if (broken >= 0)
    return { message: `renders object ${broken + 1} without apiVersion, kind and metadata.name` };
  return undefined;
}

export const kubernetesTemplateDriver: Driver = {
  kind: 'kubernetes',
  async render(input) {
    const rendered = renderDefinitionTemplate(input);
    if (rendered.text === undefined) return { diagnostics: rendered.diagnostics };
    const parsed = renderedYaml(input, rendered.text, rendered.pointer);
    if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
    const objects = parsed.documents.flatMap((d) => (Array.isArray(d) ? d : [d]));
    const problem = renderedBeyondText(input, parsed.documents, objects);
    if (problem) return { diagnostics: [fail(input, rendered.pointer, problem.message, problem.hint)] };
    return { fragment: { terraform: {}, kubernetes: objects as KubernetesObject[] }, diagnostics: [] };
  },
};
