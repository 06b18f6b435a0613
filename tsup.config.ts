import { cpSync } from 'node:fs'
import { defineConfig } from 'tsup'

// ESM and CJS for every entry: Jest loads setup files and reporters untransformed, often as CommonJS.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli/bin.ts',
    'vitest/index': 'src/runners/vitest/plugin.ts',
    'vitest/setup': 'src/runners/vitest/setup.ts',
    'vitest/reporter': 'reporters/vitest.ts',
    'jest/setup': 'src/runners/jest/setup.ts',
    'jest/reporter': 'reporters/jest.ts',
    'http/index': 'src/http/index.ts',
    // Loaded by the setup files on the first matcher call only (src/runners/engineLoader.ts).
    engine: 'src/runners/engine.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  shims: true,
  outDir: 'dist',
  // The HTML renderer reads its mustache templates, styles and page scripts next to the bundle.
  onSuccess: async () => {
    cpSync('reporters/templates', 'dist/templates', { recursive: true })
  },
})
