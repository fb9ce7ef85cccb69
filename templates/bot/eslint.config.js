// ESLint runs one job here: with the TypeScript types of nonebot-ts it catches a promise that is
// neither awaited nor handled, e.g. `c.finish('usage')` without `await` (Biome formats and lints
// the rest, but cannot see the types of a dependency).
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'vendor/', 'data/', '*.config.*'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
)
