// Lint: strict TypeScript, Nx module boundaries, and the Temporal workflow sandbox bans (see STYLE.md).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const infraPackages = ['@nestjs/*', 'typeorm', 'typeorm/*', 'nats', 'pg', 'express'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'libs/api-client/src/openapi.ts', '.local/**', '.nx/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx, 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    // Without a resolver and a parser for TypeScript (extensions, the @sme/* paths), import-x reads no module of ours
    // and no-cycle finds nothing.
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'], tsconfig: { configFile: join(import.meta.dirname, 'tsconfig.base.json') } }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Cycles in our own code only: following node_modules' import graphs (typescript, ts-json-schema-generator) cost 20 s.
      // Cycles in our own code (node_modules' import graphs are not followed: typescript's alone cost 20 s).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-console': 'error',
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no I/O, no Node builtins, no service frameworks.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows must be deterministic: no Node builtins.' })),
          patterns: [
            { group: infraPackages, message: 'Workflows do no I/O: call an activity instead.' },
            { group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker'], message: 'Only @temporalio/workflow (and common) in workflows.' },
          ],
        },
      ],
    },
  },
  {
    // The rules library is pure: shared by workflows and services, it imports no framework at all.
    files: ['libs/policy/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'libs/policy is pure: no Node builtins.' })),
          patterns: [{ group: [...infraPackages, '@temporalio/*'], message: 'libs/policy imports nothing from Nest, TypeORM, NATS or Temporal.' }],
        },
      ],
    },
  },
  {
    // Contracts are loaded inside the workflow sandbox too.
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'libs/contracts is loaded by workflows: no Node builtins.' })),
          patterns: [
            { group: infraPackages, message: 'libs/contracts holds types and definitions only.' },
            { group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker'], message: 'Only @temporalio/workflow and @temporalio/common here.' },
          ],
        },
      ],
    },
  },
  {
    // The front end is bundled by Vite from ESM-only packages the import-x resolver cannot load; it is small and flat.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    rules: { 'import-x/no-cycle': 'off' },
  },
  {
    // Tests may also use the test helpers of libs/testing.
    files: ['**/*.spec.ts', '**/*.integration-spec.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)], '@typescript-eslint/no-explicit-any': 'off' },
  },
);


/** Which project may import which (Nx tags); `tests` adds libs/testing for spec files. */
function boundaries(tests) {
  const t = (tags) => (tests ? [...tags, 'type:testing'] : tags);
  return {
    allow: [],
    enforceBuildableLibDependency: false,
    depConstraints: [
      { sourceTag: 'type:policy', onlyDependOnLibsWithTags: t([]) },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: t([]) },
      { sourceTag: 'type:tools', onlyDependOnLibsWithTags: t([]) },
      // The manifests import nothing of ours; their spec checks them against each process's own configuration.
      { sourceTag: 'type:deploy', onlyDependOnLibsWithTags: tests ? ['type:runtime'] : [] },
      { sourceTag: 'type:workflows', onlyDependOnLibsWithTags: t(['type:contracts', 'type:policy']) },
      { sourceTag: 'type:auth', onlyDependOnLibsWithTags: t(['type:contracts']) },
      { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: t(['type:contracts', 'type:auth', 'type:policy']) },
      { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: t(['type:contracts', 'type:runtime']) },
      { sourceTag: 'type:messaging', onlyDependOnLibsWithTags: t(['type:contracts', 'type:persistence', 'type:auth']) },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:auth', 'type:contracts', 'type:persistence', 'type:messaging', 'type:runtime', 'type:policy'] },
      { sourceTag: 'type:integration', onlyDependOnLibsWithTags: ['type:auth', 'type:contracts', 'type:persistence', 'type:messaging', 'type:runtime', 'type:policy', 'type:testing'] },
      { sourceTag: 'type:api-client', onlyDependOnLibsWithTags: t([]) },
      { sourceTag: 'type:web', onlyDependOnLibsWithTags: t(['type:runtime', 'type:auth', 'type:contracts', 'type:api-client']) },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: t(['type:auth', 'type:contracts', 'type:policy', 'type:persistence', 'type:messaging', 'type:runtime']) },
    ],
  };
}
