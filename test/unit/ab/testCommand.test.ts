import { describe, expect, it } from 'vitest'
import { detectTestCommand, givenTestCommand, roundArgv, testNamePattern } from '../../../src/ab/testCommand.js'

const manifest = (value: object): string => JSON.stringify(value)

describe('detectTestCommand()', () => {
  it('takes the "test" script when it starts with vitest, keeping its flags and making it a single run', () => {
    const command = detectTestCommand({ packageJson: manifest({ scripts: { test: 'vitest --config vitest.perf.ts' } }), rootFiles: [] })
    expect(command).toMatchObject({ runner: 'vitest', runnerArgs: ['run', '--config', 'vitest.perf.ts'] })
    expect(command.source).toBe('package.json "test": vitest --config vitest.perf.ts')
  })

  it('takes "jest --ci" and "npx jest" scripts as jest', () => {
    expect(detectTestCommand({ packageJson: manifest({ scripts: { test: 'jest --ci' } }), rootFiles: [] })).toMatchObject({
      runner: 'jest',
      runnerArgs: ['--ci'],
    })
    expect(detectTestCommand({ packageJson: manifest({ scripts: { test: 'npx jest' } }), rootFiles: [] })).toMatchObject({
      runner: 'jest',
      runnerArgs: [],
    })
  })

  it('falls back to the runner dependency when the script uses shell syntax', () => {
    const command = detectTestCommand({
      packageJson: manifest({ scripts: { test: 'tsc && vitest run' }, devDependencies: { vitest: '^4' } }),
      rootFiles: [],
    })
    expect(command).toMatchObject({ runner: 'vitest', runnerArgs: ['run'], source: 'vitest in package.json' })
  })

  it('recognises a runner by its config file when it is not a direct dependency', () => {
    expect(detectTestCommand({ packageJson: manifest({}), rootFiles: ['jest.config.js'] }).runner).toBe('jest')
  })

  it('refuses to guess between both runners, or without either, saying to pass the command after --', () => {
    const both = { packageJson: manifest({ devDependencies: { vitest: '4', jest: '30' } }), rootFiles: [] }
    expect(() => detectTestCommand(both)).toThrow(/both vitest and jest are dependencies[\s\S]*Fix: pass the test command after --/)
    expect(() => detectTestCommand({ packageJson: manifest({}), rootFiles: [] })).toThrow(/neither vitest nor jest/)
    expect(() => detectTestCommand({ packageJson: undefined, rootFiles: [] })).toThrow(/no package.json/)
  })
})

describe('givenTestCommand() and roundArgv()', () => {
  it('drops --shard once the rounds name their files (the shard chose them), and keeps it for a whole-suite round', () => {
    for (const shard of [['--shard=2/3'], ['--shard', '2/3']]) {
      const command = givenTestCommand(['npx', 'vitest', 'run', ...shard, '--reporter=perf'])
      expect(roundArgv(command, { files: ['test/a.test.ts'] }, '/tmp/r', undefined)).toEqual([
        'npx',
        'vitest',
        'run',
        '--reporter=perf',
        '--no-file-parallelism',
        '--outputFile.perf=/tmp/r',
        'test/a.test.ts',
      ])
      expect(roundArgv(command, {}, '/tmp/r', undefined)).toEqual([
        'npx',
        'vitest',
        'run',
        ...shard,
        '--reporter=perf',
        '--no-file-parallelism',
        '--outputFile.perf=/tmp/r',
      ])
    }
    const jest = givenTestCommand(['npx', 'jest', '--ci', '--shard=1/2'])
    expect(roundArgv(jest, { files: ['a.test.js'] }, '/tmp/r', '/b/jest.js').slice(1)).toEqual([
      '/b/jest.js',
      '--ci',
      '--runInBand',
      '(^|/)a\\.test\\.js$',
    ])
  })

  it('narrows a direct vitest call to files and tests, one file at a time, with the round output dir', () => {
    const command = givenTestCommand(['npx', 'vitest', 'run'])
    expect(command.runner).toBe('vitest')
    expect(roundArgv(command, { files: ['test/a.test.ts'], testNames: ['suite > parse'] }, '/tmp/r1', undefined)).toEqual([
      'npx',
      'vitest',
      'run',
      '--no-file-parallelism',
      '--outputFile.perf=/tmp/r1',
      '-t',
      '(^| )(suite parse)$',
      'test/a.test.ts',
    ])
  })

  it('runs a detected jest from the checkout binary in band, with path patterns anchored at the file', () => {
    const command = detectTestCommand({ packageJson: manifest({ scripts: { test: 'jest' } }), rootFiles: [] })
    expect(roundArgv(command, { files: ['test/a.test.js'] }, '/tmp/r', '/base/node_modules/jest/bin/jest.js')).toEqual([
      process.execPath,
      '/base/node_modules/jest/bin/jest.js',
      '--runInBand',
      '(^|/)test/a\\.test\\.js$',
    ])
  })

  it('runs any other command as given, unnarrowed', () => {
    const command = givenTestCommand(['npm', 'test'])
    expect(command.runner).toBeUndefined()
    expect(roundArgv(command, { files: ['x.test.ts'] }, '/tmp/r', undefined)).toEqual(['npm', 'test'])
  })
})

describe('testNamePattern()', () => {
  it('matches full names as the runners join them, escaped, anchored at the end and at a word start', () => {
    const pattern = new RegExp(testNamePattern(['parse (fast)', 'suite > parse']))
    expect(pattern.test('parse (fast)')).toBe(true)
    expect(pattern.test('suite parse')).toBe(true)
    expect(pattern.test('reparse (fast)')).toBe(false)
    expect(pattern.test('suite parse twice')).toBe(false)
  })
})
