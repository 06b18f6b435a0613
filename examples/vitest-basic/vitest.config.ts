import { defineConfig } from 'vitest/config'
import { perfSentinel } from 'perf-sentinel/vitest'

export default defineConfig({ plugins: [perfSentinel()] })
