// ESLint with typescript-eslint's type-aware rules over src/ and test/ (part of `npm test`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/wire/gen/**', 'src/runtime/gen/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Off: it reads xstate's documented `setup({ types: {} as {...} })` idiom and contextually typed
      // literals as needless, and its autofix turned the charts' context and event types into `any`.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // A leading underscore marks a parameter or binding kept for its position or to drop a field.
      // `let [pick, prng] = ...` where only prng changes stays one declaration.
      // A `let` read by a closure before its one assignment (a host wired to its own callbacks) stays `let`.
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
      // Off: methods that implement Promise-returning ports (ledger, comm, orderer) have nothing to
      // await in their in-memory versions, and `async` keeps their errors rejections.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Jest's asymmetric matchers (expect.any, expect.objectContaining, ...) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['test/report/**/*.ts'],
    rules: {
      // Callbacks run in the browser page; the project compiles without the DOM lib, so their element types do not resolve.
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
