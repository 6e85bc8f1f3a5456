import tseslint from 'typescript-eslint'

/** Lint: TypeScript rules plus the architecture's import boundaries (tests/unit/import-rules.test.ts checks them too). */
export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'native/**', 'bench/results/**', '**/__fixtures__/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off'
    }
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/main/electron/**', 'src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/electron and src/preload may import electron.' }] }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'better-sqlite3', 'fs', 'path', 'child_process'],
          patterns: [
            { group: ['node:*'], message: 'No Node in the renderer.' },
            { group: ['**/main/**', '**/preload/**'], message: 'The renderer imports src/shared only.' }
          ]
        }
      ]
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**', 'node:*'], message: 'src/shared imports nothing of ours.' }]
        }
      ]
    }
  }
)
