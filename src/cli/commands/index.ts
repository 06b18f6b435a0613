import type { CliCommand } from '../command.js'
import { audit } from './audit.js'
import { baselineCheck, baselineUpdate } from './baseline.js'
import { compare } from './compare.js'
import { config } from './config.js'
import { historyCompact, historyFetch, historyPush } from './history.js'
import { init } from './init.js'
import { merge } from './merge.js'
import { report } from './report.js'
import { schedule } from './schedule.js'
import { trend } from './trend.js'

/** Every command by its words, in help order. One file per command group under commands/. */
export const commands: Record<string, CliCommand> = {
  'baseline update': baselineUpdate,
  'baseline check': baselineCheck,
  compare,
  'history compact': historyCompact,
  'history fetch': historyFetch,
  'history push': historyPush,
  config,
  init,
  merge,
  report,
  trend,
  audit,
  schedule,
} satisfies Record<string, CliCommand>
