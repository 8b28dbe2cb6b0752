import * as os from 'node:os';
import * as path from 'node:path';
/**
 * The one seam to cdktf (archived upstream, pinned at 0.21.0): only this file imports it, and only
 * when a cdktf definition is used. Its output is plain Terraform JSON, so cdktf stays replaceable.
 */
import * as cdktf from 'cdktf';
import type { DriverInput, TerraformBlocks } from './types.js';

export type CdktfModule = (scope: unknown, input: CdktfInput) => unknown;

/** What a cdktf module receives beside its scope. */
export interface CdktfInput extends Pick<DriverInput, 'resource' | 'params' | 'workloads' | 'requires'> {
  environment: { name: string; type: string; dns?: { zone?: string; target?: string } };
  /** The Terraform reference of a secret paws generates (ephemeral random_password), e.g. for password_wo. */
  generate(output: string): string;
}

const OUTPUT_PREFIX = 'paws_output_';

const CDKTF_OUTDIR = path.join(os.tmpdir(), 'paws-cdktf');

/**
 * Runs the module in a fresh stack and returns its Terraform blocks (metadata comments stripped)
 * and its outputs, each token resolved to Terraform interpolation text.
 */
export async function synthesize(
  module: CdktfModule,
  input: CdktfInput,
): Promise<{ terraform: TerraformBlocks; outputs: Record<string, unknown> }> {
  // cdktf makes its output folder on construction; paws never writes there, so it goes to the
  // system's temporary folder rather than into the user's working directory.
  const app = new cdktf.App({ skipValidation: true, stackTraces: false, outdir: CDKTF_OUTDIR });
  const stack = new cdktf.TerraformStack(app, input.resource.tfName);
  // cdktf records a full stack trace for every token it creates (only for its own error messages),
  // which was the largest cost of a large compile. Stack traces are switched off while paws builds
  // and synthesizes; nothing else runs meanwhile, as drivers run one at a time.
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = () => undefined;
  try {
    return synthesizeStack(stack, await module(stack, input));
  } finally {
    Error.captureStackTrace = capture;
  }
}

function synthesizeStack(
  stack: cdktf.TerraformStack,
  result: unknown,
): { terraform: TerraformBlocks; outputs: Record<string, unknown> } {
  const returned = (result ?? {}) as Record<string, unknown>;
  const special: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(returned)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) special[name] = value;
    else new cdktf.TerraformOutput(stack, `${OUTPUT_PREFIX}${name}`, { value });
  }
  const json = stripMetadata(stack.toTerraform()) as Record<string, unknown>;
  const outputs: Record<string, unknown> = { ...special };
  const declared = (json.output ?? {}) as Record<string, { value: unknown }>;
  for (const [key, block] of Object.entries(declared)) {
    if (key.startsWith(OUTPUT_PREFIX)) outputs[key.slice(OUTPUT_PREFIX.length)] = block.value;
  }
  const { output: _output, terraform: _terraform, provider: _provider, ...blocks } = json;
  return { terraform: blocks as TerraformBlocks, outputs };
}

function stripMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '//')
        .map(([key, v]) => [key, stripMetadata(v)]),
    );
  }
  return value;
}
