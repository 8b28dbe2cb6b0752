// ESLint (flat config) with typescript-eslint's recommended rules, the pipeline's layer boundaries and
// a limit on function length; formatting is Prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'src/generated/',
      'coverage/',
      'examples/**/expected/',
      '.stryker-tmp/',
      'reports/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-template-curly-in-string': 'off',
    },
  },
  {
    // A function reads at once: ~60 lines at most (tests, scripts and generated code aside).
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  // The pipeline's layers: a lower stage never imports a higher one, statically or with import()
  // (test/layers.test.ts checks every file against the full table).
  ...layerRules([
    [
      ['src/util/**', 'src/generated/**'],
      ['compiler', 'validate', 'catalog', 'drivers', 'resolvers', 'emitters', 'write', 'diff', 'api', 'cli'],
    ],
    [
      ['src/compiler/**'],
      ['validate', 'catalog', 'drivers', 'resolvers', 'emitters', 'write', 'diff', 'api', 'cli'],
    ],
    [['src/validate/**'], ['drivers', 'resolvers', 'emitters', 'write', 'diff', 'api', 'cli']],
    [['src/drivers/**'], ['resolvers', 'emitters', 'diff', 'api', 'cli', 'write']],
    [['src/resolvers/**'], ['emitters', 'diff', 'api', 'cli', 'write']],
    [['src/emitters/**'], ['diff', 'api', 'cli', 'write']],
    [['src/write/**'], ['diff', 'api', 'cli']],
    [['src/diff/**'], ['api', 'cli']],
    [['src/api/**'], ['cli']],
  ]),
  {
    // bin/ is CommonJS (bin/package.json), as is the CLI bundle it loads.
    files: ['**/*.cjs', 'bin/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly' },
    },
  },
);

/** no-restricted-imports and a ban on import() of the folders above each layer. */
function layerRules(layers) {
  return layers.map(([files, above]) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: above.map((folder) => ({
            // The serializers of write/ are the bottom layer: every stage writes text with them.
            group: [
              `**/${folder}/**`,
              ...(folder === 'write' ? ['!**/write/serialize.js', '!**/write/yaml-emit.js'] : []),
            ],
            message: `a lower stage never imports ${folder}/`,
          })),
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...above.map((folder) => ({
          selector: `ImportExpression[source.value=/\\/${folder.replace('/', '\\/')}\\//]`,
          message: `a lower stage never imports ${folder}/, not even with import()`,
        })),
      ],
    },
  }));
}
