import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant of the files it mutates (stryker.config.json): those
// that exercise them in process. The full suite spawns the CLI and would test the build, not the mutant.
export default defineConfig({
  test: {
    include: [
      'test/escaping.test.ts',
      'test/message-escaping.test.ts',
      'test/template-injection.test.ts',
      'test/json-keys.test.ts',
      'test/terraform-text.test.ts',
      'test/cloud-names.test.ts',
      'test/security-sweep.test.ts',
    ],
    testTimeout: 20_000,
  },
});
