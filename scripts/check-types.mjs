// Type tests: compiles test/types/*.ts against each supported runner's own type definitions, with perf-sentinel
// installed the way npm would (package.json + dist + types copied into node_modules), so `declare module 'vitest'`
// and `declare module 'expect'` augment the runner version under test. Exits non-zero on any type error.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const checks = [
  { name: 'Vitest 4', root: repo, test: 'vitest4.ts', types: 'vitest', replace: [] },
  {
    name: 'Vitest 3.2',
    root: join(repo, 'test/compat/vitest3'),
    test: 'vitest4.ts',
    types: 'vitest',
    replace: [['Vitest 4', 'Vitest 3.2']],
  },
  {
    name: 'Vitest 5',
    root: join(repo, 'test/compat/vitest5'),
    test: 'vitest4.ts',
    types: 'vitest5',
    replace: [
      ['Vitest 4', 'Vitest 5'],
      ['types/vitest"', 'types/vitest5"'],
    ],
  },
  { name: 'Jest 30', root: repo, test: 'jest.ts', types: ['node', 'jest'], replace: [] },
  // Jest 29 without @types/jest: only the @jest/globals expect (the global one needs @types/jest).
  { name: 'Jest 29', root: join(repo, 'test/compat/jest29'), test: 'jest.ts', types: ['node'], replace: [], dropGlobal: true },
]
let failed = 0
for (const check of checks) {
  if (!existsSync(join(check.root, 'node_modules'))) {
    console.log(`skip ${check.name}: ${check.root}/node_modules is not installed (npm run compat:install)`)
    if (process.env.CI) failed++
    continue
  }
  const dir = join(check.root, '.types-check')
  rmSync(dir, { recursive: true, force: true })
  const installed = join(dir, 'node_modules', 'perf-sentinel')
  mkdirSync(installed, { recursive: true })
  for (const part of ['package.json', 'dist', 'types']) cpSync(join(repo, part), join(installed, part), { recursive: true })
  let source = readFileSync(join(repo, 'test/types', check.test), 'utf8')
  for (const [from, to] of check.replace) source = source.replaceAll(from, to)
  if (check.dropGlobal)
    source = source
      .split('\n')
      .filter((line, _i, _all) => !/^\s*expect\(/.test(line) && !/global expect/.test(line))
      .join('\n')
  writeFileSync(join(dir, 'test.ts'), source)
  const types = Array.isArray(check.types) ? check.types : ['node']
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types,
        typeRoots: [join(repo, 'node_modules/@types')],
      },
      files: ['test.ts'],
    }),
  )
  try {
    execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir], { stdio: 'pipe' })
    console.log(`ok   ${check.name}`)
  } catch (error) {
    failed++
    console.log(`FAIL ${check.name}\n${error.stdout}${error.stderr}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
process.exit(failed > 0 ? 1 : 0)
