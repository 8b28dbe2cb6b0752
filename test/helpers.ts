import type { CliIO } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { type CheckOptions, createMemoryHost, type Diagnostic, type Host, check } from '../src/index.js';

/** `CODE@line:col`: the compact form the tables assert on. */
export function brief(d: Diagnostic): string {
  return `${d.code}@${d.line ?? '-'}:${d.column ?? '-'}`;
}

export function validateFiles(
  files: Record<string, string | Uint8Array>,
  options: Partial<CheckOptions> = {},
) {
  const host = createMemoryHost(files);
  return check({ ...options }, host);
}

/** Runs the CLI in memory and captures what it prints. */
export async function runCli(
  argv: string[],
  options: {
    host?: Host;
    files?: Record<string, string>;
    env?: Record<string, string>;
    isTTY?: boolean;
  } = {},
) {
  let stdout = '';
  let stderr = '';
  const env = options.env ?? {};
  const io: CliIO = {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    env: (name) => env[name],
    isTTY: options.isTTY ?? false,
    host: options.host ?? createMemoryHost(options.files ?? {}),
  };
  const exitCode = await main(argv, io);
  return { exitCode, stdout, stderr };
}

export const workload = (body: string, apiVersion = 'paws.dev/v1') => `apiVersion: ${apiVersion}\n${body}`;
