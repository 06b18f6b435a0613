import { Cron } from 'croner'
import { PerfSentinelError } from '../../errors.js'

/** Day names `--weekly` accepts, as cron weekday numbers. */
const DAYS: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 }

/** The schedule's flags, as given. */
export interface ScheduleFlags {
  cron?: string
  every?: number
  daily?: string
  weekly?: string
  timezone?: string
}

function usage(problem: string, fix: string): PerfSentinelError {
  return new PerfSentinelError('E_USAGE', `perf-sentinel schedule: ${problem}`, { fix })
}

function time(text: string, flag: string): [hour: number, minute: number] {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text)
  const hour = Number(match?.[1])
  const minute = Number(match?.[2])
  if (!match || hour > 23 || minute > 59)
    throw usage(`${flag} needs a time HH:MM, received ${JSON.stringify(text)}`, `pass e.g. ${flag} 02:30`)
  return [hour, minute]
}

/**
 * One cron pattern from exactly one of `--cron`, `--every <minutes>`, `--daily HH:MM`, `--weekly <day>[@HH:MM]`
 * (the original's interval / daily / weekly audits), validated by croner; the time zone is checked too.
 */
export function cronFromFlags(flags: ScheduleFlags): string {
  const given = (['cron', 'every', 'daily', 'weekly'] as const).filter((key) => flags[key] !== undefined)
  if (given.length !== 1) {
    throw usage(
      given.length === 0 ? 'no schedule given' : `give one schedule, not ${given.map((g) => `--${g}`).join(' and ')}`,
      'pass one of --cron "0 2 * * *", --every 30, --daily 02:00, --weekly mon@02:00',
    )
  }
  let pattern: string
  if (flags.every !== undefined) {
    if (flags.every < 1 || flags.every > 1440 || !Number.isInteger(flags.every))
      throw usage(`--every needs whole minutes from 1 to 1440, received ${flags.every}`, 'pass e.g. --every 30')
    pattern =
      flags.every < 60
        ? `*/${flags.every} * * * *`
        : flags.every % 60 === 0 && 24 % (flags.every / 60) === 0
          ? `0 */${flags.every / 60} * * *`
          : ''
    if (pattern === '')
      throw usage(
        `--every ${flags.every} does not divide a day into equal steps`,
        'use minutes below 60, or whole hours dividing 24 (60, 120, 180, 240, 360, 480, 720, 1440)',
      )
  } else if (flags.daily !== undefined) {
    const [hour, minute] = time(flags.daily, '--daily')
    pattern = `${minute} ${hour} * * *`
  } else if (flags.weekly !== undefined) {
    const [day, at = '00:00'] = flags.weekly.toLowerCase().split('@')
    const weekday = DAYS[(day ?? '').slice(0, 3)]
    if (weekday === undefined) throw usage(`--weekly needs a day, received ${JSON.stringify(flags.weekly)}`, 'pass e.g. --weekly mon@02:00')
    const [hour, minute] = time(at, '--weekly <day>@')
    pattern = `${minute} ${hour} * * ${weekday}`
  } else {
    pattern = flags.cron as string
  }
  try {
    new Cron(pattern, { timezone: flags.timezone, paused: true }).stop()
  } catch (error) {
    throw usage(
      `invalid cron pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`,
      'pass five fields (minute hour day month weekday), e.g. "0 2 * * *", or six with seconds first',
    )
  }
  if (flags.timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: flags.timezone })
    } catch {
      throw usage(`unknown time zone ${JSON.stringify(flags.timezone)}`, 'pass an IANA name such as Europe/Berlin or America/New_York')
    }
  }
  return pattern
}

/** The next run strictly after `after`, and the latest at or before `at`, in the pattern's time zone (croner handles DST). */
export function cronTimes(
  pattern: string,
  timezone?: string,
): { nextAfter(after: Date): Date | undefined; latestAtOrBefore(at: Date): Date | undefined } {
  const cron = new Cron(pattern, { timezone, paused: true })
  return {
    nextAfter: (after) => cron.nextRun(after) ?? undefined,
    latestAtOrBefore: (at) => cron.previousRuns(1, new Date(at.getTime() + 1))[0],
  }
}
