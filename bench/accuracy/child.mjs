/**
 * One harness measuring one subject in a fresh process, so no harness inherits another's JIT state or heap.
 * Usage: node child.mjs <harness> <subject> <iterations JSON>. Prints one JSON line.
 */
import { performance } from 'node:perf_hooks'
import { summarize } from '../../dist/index.js'
import { medianMarginPercent } from '../lib/medianMargin.mjs'
import { harnesses } from './harnesses.mjs'
import { makeSubjects } from './subjects.mjs'

const [harnessName, subjectName, iterationsJson] = process.argv.slice(2)
const harness = harnesses[harnessName]
const subject = makeSubjects(JSON.parse(iterationsJson))[subjectName]
if (!harness || !subject) throw new Error(`unknown harness "${harnessName}" or subject "${subjectName}"`)

// Wall time of the harness call alone (warm-up, calibration, sampling); process start and imports are excluded.
const t0 = performance.now()
const { sampleList, sorted, ...result } = await harness(subject)
const wallMs = performance.now() - t0

// Precision, computed the same way for every harness from its own samples, outside the timed region.
const marginPercent = medianMarginPercent(sampleList, { sorted })
const rmePercent = result.rmePercent ?? summarize(sampleList).rmePercent
const samples = sampleList.length
const line = { harness: harnessName, subject: subjectName, wallMs, ...result, rmePercent, marginPercent, samples }
process.stdout.write(`${JSON.stringify(line)}\n`)
