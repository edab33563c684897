// Typed lint rules: floating promises and unsafe `any` flows are the bugs that matter in an async ledger.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import mir from './eslint/layerArrows.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { mir },
    rules: { 'mir/layer-arrows': 'error' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The domain is pure: no I/O, no clock, no randomness, no imports from outer layers.
    files: ['domain/**/*.ts'],
    // Tests of application services run them against real adapters; only production domain code must stay pure.
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            '../../ledger/*',
            '../../ops/*',
            '../../projections/*',
            '../../graphql/*',
            '../../inference/*',
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'time comes from the Clock port' },
        { object: 'Math', property: 'random', message: 'ids come from the IdGenerator port' },
      ],
    },
  },
  {
    // Portable verification code runs in Node and in the browser verifier page: no Node modules, no Buffer, and
    // imports only from other portable files (and tweetnacl).
    files: ['ledger/portable/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^node:', message: 'portable code runs in browsers too' }] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'portable code uses Uint8Array (see ledger/portable/bytes.ts)' },
        { name: 'process', message: 'portable code runs in browsers too' },
      ],
    },
  },
  {
    // The console runs in the browser: no Node modules, no Buffer or process.
    files: ['ops/console/app/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^node:', message: 'the console runs in the browser' }] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'the console runs in the browser' },
        { name: 'process', message: 'the console runs in the browser' },
      ],
    },
  },
);
