import { formatMs } from '../src/format.js'
import { attributeBlocking, detectBlocking, machineLoadNote } from '../src/diagnostics/blocking.js'
import { diagnosticsConfig, isProfileMode, shouldProfile } from '../src/diagnostics/diagnosticsConfig.js'
import { DEFAULT_BLOCKING_THRESHOLD_MS } from '../src/diagnostics/loopSlices.js'
import { profileSubject } from '../src/diagnostics/profileReplay.js'
import type { Subject } from '../src/measure/subject.js'
import type { BlockingSummary, CodeLocation, ProfileSummary } from '../src/model/diagnostics.js'
import type { MeasureResult } from '../src/model/types.js'
import { currentRecorder } from '../src/record/recorder.js'
import { summarize } from '../src/stats/summarize.js'
import { profileLines, profileNameParts } from '../src/diagnostics/profileMessage.js'
import type { MatcherContextLike, MatcherResult } from './timingMatcher.js'
import { argumentError, checkBudgetMs } from './timingMatcher.js'
import { subjectFailed } from './subjectFailed.js'
import type { BlockEventLoopOptions } from './types.js'

const MATCHER = 'toBlockEventLoop'
const OPTION_KEYS: readonly string[] = ['maxMs', 'runs', 'name', 'attribute', 'profile']

/**
 * `await expect(asyncFn).not.toBlockEventLoop({ maxMs: 20 })`: runs the function (`runs` times, default 1) while
 * watching the event loop, and passes when a synchronous slice was longer than `maxMs` (so `.not` fails on one).
 * Always async: await it. The detector is active only while the function runs (loopSlices.ts).
 */
export function toBlockEventLoop(this: MatcherContextLike, received: unknown, options?: BlockEventLoopOptions): Promise<MatcherResult> {
  if (typeof received !== 'function') {
    argumentError(MATCHER, 'the received value', received, 'a function to run, e.g. expect(() => handler(req))')
  }
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    argumentError(MATCHER, 'the options', options, 'an object such as { maxMs: 20 }')
  }
  for (const key of Object.keys(options ?? {})) {
    if (!OPTION_KEYS.includes(key)) argumentError(MATCHER, `option "${key}"`, key, `one of ${OPTION_KEYS.join(', ')} (unknown option)`)
  }
  const o = options ?? {}
  const maxMs = o.maxMs === undefined ? DEFAULT_BLOCKING_THRESHOLD_MS : checkBudgetMs(MATCHER, 'option "maxMs"', o.maxMs)
  const runs = o.runs ?? 1
  if (!Number.isInteger(runs) || runs < 1) argumentError(MATCHER, 'option "runs"', runs, 'an integer ≥ 1')
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name.trim() === ''))
    argumentError(MATCHER, 'option "name"', o.name, 'a non-empty string')
  if (o.attribute !== undefined && typeof o.attribute !== 'boolean')
    argumentError(MATCHER, 'option "attribute"', o.attribute, 'true or false')
  if (o.profile !== undefined && !isProfileMode(o.profile))
    argumentError(MATCHER, 'option "profile"', o.profile, "'on-failure', 'always' or 'off'")
  const settled = judge(this, received as Subject, { ...o, maxMs, runs })
  currentRecorder()?.trackAsyncAssertion?.(settled, this, 'toBlockEventLoop')
  return settled
}

async function judge(
  context: MatcherContextLike,
  fn: Subject,
  o: BlockEventLoopOptions & { maxMs: number; runs: number },
): Promise<MatcherResult> {
  let detection: Awaited<ReturnType<typeof detectBlocking>>
  try {
    detection = await detectBlocking(fn, o.runs)
  } catch (error) {
    throw subjectFailed(MATCHER, error, 'judged')
  }
  const blocked = detection.longestMs > o.maxMs
  const negated = context.isNot === true
  const failed = blocked === negated
  const name = o.name ?? MATCHER
  let where: CodeLocation | undefined
  let attributionNote: string | undefined
  if (blocked && o.attribute !== false) {
    const attribution = await attributeBlocking(fn, o.maxMs)
    where = attribution.where
    attributionNote = attribution.note
  }
  let profile: ProfileSummary | undefined
  if (shouldProfile(o.profile ?? diagnosticsConfig().profile, failed)) {
    const operationMs = summarize(detection.elapsedMs).medianMs
    profile = await profileSubject({ fn, kind: detection.kind, operationMs, nameParts: profileNameParts(context, name) })
  }
  const blocking: BlockingSummary = {
    thresholdMs: o.maxMs,
    longestMs: detection.longestMs,
    totalBlockedMs: detection.slices.reduce((sum, ms) => sum + ms, 0),
    floorMs: detection.floorMs,
    overThreshold: detection.slices.filter((ms) => ms > o.maxMs).length,
    runs: o.runs,
    withinThreshold: !blocked,
    negated,
    ...(where ? { where } : {}),
  }
  const result: MeasureResult = {
    name,
    subject: detection.kind,
    ...summarize(detection.elapsedMs),
    samplesMs: detection.elapsedMs,
    batchSize: 1,
    operations: o.runs,
    warmupOperations: 0,
    sampledForMs: detection.elapsedMs.reduce((sum, ms) => sum + ms, 0),
  }
  currentRecorder()?.record(
    { name, autoName: o.name === undefined, kind: 'matcher', result, blocking, ...(profile ? { profile } : {}) },
    context,
  )
  return { pass: blocked, message: () => failureMessage(context, blocking, attributionNote, profile) }
}

/** Formats a code location as `name (file:line:column)`. */
export function formatLocation(where: CodeLocation): string {
  return `${where.functionName} (${where.file}:${where.line}:${where.column})`
}

function failureMessage(
  context: MatcherContextLike,
  b: BlockingSummary,
  attributionNote: string | undefined,
  profile: ProfileSummary | undefined,
): string {
  const hint = context.utils.matcherHint(`.${MATCHER}`, 'received', 'options', { isNot: b.negated, promise: context.promise ?? '' })
  const runs = `${b.runs} run${b.runs === 1 ? '' : 's'}`
  const over = `${b.overThreshold} slice${b.overThreshold === 1 ? '' : 's'} over ${formatMs(b.thresholdMs)}`
  return [
    hint,
    '',
    `Expected: longest synchronous slice ${b.negated ? '≤' : '>'} ${formatMs(b.thresholdMs)}`,
    `Received: longest synchronous slice ${formatMs(b.longestMs)} (${runs}; ${over}, ${formatMs(b.totalBlockedMs)} blocked in slices ≥ ${formatMs(b.floorMs)})`,
    ...(b.where
      ? [`Where: ${formatLocation(b.where)} was running for most of the longest slice`]
      : attributionNote
        ? [`Where: not found (${attributionNote})`]
        : []),
    ...(b.withinThreshold ? [] : [machineLoadNote()].filter((note) => note !== undefined).map((note) => `(${note})`)),
    ...profileLines(profile),
  ].join('\n')
}
