import { describe, expect, it } from 'vitest'
import { planPrepare } from '../../../src/ab/prepare.js'

const pkg = (deps: object, scripts: object = {}): string => JSON.stringify({ name: 'p', version: '1.0.0', scripts, devDependencies: deps })

describe('planPrepare()', () => {
  it('shares the head node_modules when the lockfile and the dependencies are unchanged', () => {
    const files = { packageJson: pkg({ vitest: '^4' }), lockfile: { name: 'package-lock.json', text: '{"v":1}' } }
    const plan = planPrepare(files, { ...files, packageJson: pkg({ vitest: '^4' }).replace('1.0.0', '0.9.0') }, {})
    expect(plan).toMatchObject({ reuseNodeModules: true, install: undefined, build: undefined })
    expect(plan.reason).toContain("package-lock.json and package.json's dependencies are unchanged")
  })

  it('installs with the lockfile’s package manager when the lockfile changed', () => {
    const head = { packageJson: pkg({}), lockfile: { name: 'pnpm-lock.yaml', text: 'a' } }
    const plan = planPrepare(head, { ...head, lockfile: { name: 'pnpm-lock.yaml', text: 'b' } }, {})
    expect(plan).toMatchObject({ reuseNodeModules: false, install: 'pnpm install --frozen-lockfile' })
    expect(plan.reason).toContain('pnpm-lock.yaml differs')
  })

  it('installs with npm install when neither side has a lockfile and the dependencies differ', () => {
    const plan = planPrepare(
      { packageJson: pkg({ a: '1' }), lockfile: undefined },
      { packageJson: pkg({ a: '2' }), lockfile: undefined },
      {},
    )
    expect(plan.install).toBe('npm install --no-audit --no-fund')
  })

  it('uses --install instead of the detected command, and builds with the base’s build script unless --build none', () => {
    const head = { packageJson: pkg({}), lockfile: { name: 'package-lock.json', text: 'a' } }
    const base = { packageJson: pkg({}, { build: 'tsup' }), lockfile: { name: 'package-lock.json', text: 'b' } }
    expect(planPrepare(head, base, { install: 'npm ci --ignore-scripts' })).toMatchObject({
      install: 'npm ci --ignore-scripts',
      build: 'npm run build',
    })
    expect(planPrepare(head, base, { build: 'none' }).build).toBeUndefined()
    expect(planPrepare(head, base, { build: 'make dist' }).build).toBe('make dist')
  })
})
