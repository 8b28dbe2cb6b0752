import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rules hold the architecture: code planted where it must not be is refused by `npm run lint`.
const cwd = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd });

async function rules(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${cwd}${file}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint holds the layers and the function length', () => {
  it('an upward import in compiler/load is refused, static or dynamic', async () => {
    expect(
      await rules("export { DRIVERS } from '../../drivers/index.js';\n", 'src/compiler/load/planted.ts'),
    ).toEqual([
      "no-restricted-imports: '../../drivers/index.js' import is restricted from being used by a pattern. a lower stage never imports drivers/",
    ]);
    expect(
      await rules(
        "export async function x(): Promise<unknown> {\n  return import('../../emitters/index.js');\n}\n",
        'src/compiler/load/planted.ts',
      ),
    ).toEqual(['no-restricted-syntax: a lower stage never imports emitters/, not even with import()']);
  });

  it('a downward import passes', async () => {
    expect(
      await rules("export { compareStrings } from '../util/compare.js';\n", 'src/emitters/planted.ts'),
    ).toEqual([]);
  });

  it('a function over 60 lines in src is refused; in a test it is not', async () => {
    const long = `export function long(): number {\n  let n = 0;\n${'  n += 1;\n'.repeat(60)}  return n;\n}\n`;
    expect(await rules(long, 'src/resolvers/planted.ts')).toEqual([
      "max-lines-per-function: Function 'long' has too many lines (64). Maximum allowed is 60.",
    ]);
    expect(await rules(long, 'test/planted.test.ts')).toEqual([]);
  });
});
