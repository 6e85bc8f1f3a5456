import fs from 'node:fs'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/**
 * Lint: TypeScript rules, React's hook rules, no import cycles, and the architecture's boundaries
 * (tests/unit/lint-rules.test.ts proves each fails on a planted breach; tests/unit/import-rules.test.ts checks them too).
 */

const SERVICES = 'src/main/services'
const FEATURES = 'src/renderer/src/features'
const dirs = (root) =>
  fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)

/** An area reaches another only through its `api.ts` (a narrow port of types); never its service, repo or tables. */
const areaZones = dirs(SERVICES).map((area) => ({
  target: `./${SERVICES}/${area}`,
  from: `./${SERVICES}`,
  except: ['./' + area, ...dirs(SERVICES).map((other) => `./${other}/api.ts`)],
  message: `an area imports another area only through its api.ts (a narrow port); see docs/adding-an-area.md`
}))

/** A renderer feature does not import another feature: shared pieces live in components/ or lib/. */
const featureZones = dirs(FEATURES).map((feature) => ({
  target: `./${FEATURES}/${feature}`,
  from: `./${FEATURES}`,
  except: ['./' + feature],
  message: 'a feature does not import another feature; move what both need to components/ or lib/'
}))

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'native/**', 'bench/results/**', '**/__fixtures__/**']
  },
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
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs']
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: [...areaZones, ...featureZones] }]
    }
  },
  {
    files: ['src/renderer/**/*.tsx', 'src/renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error'
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
