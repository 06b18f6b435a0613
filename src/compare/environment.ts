import type { EnvironmentFingerprint } from '../model/types.js'

type HardFingerprint = EnvironmentFingerprint['hard']

/**
 * The hard fingerprint fields that differ between two environments, each as `key base → head`. Every key of either
 * side counts, so fields added to the fingerprint later are compared without changes here; flag lists are sets.
 * The one definition of "the same kind of machine" (comparisons and noise history both use it).
 */
export function differingHardFields(head: HardFingerprint, base: HardFingerprint): string[] {
  const headFields = new Map<string, unknown>(Object.entries(head))
  const baseFields = new Map<string, unknown>(Object.entries(base))
  return [...new Set([...headFields.keys(), ...baseFields.keys()])]
    .filter((key) => !sameValue(headFields.get(key), baseFields.get(key)))
    .map((key) => `${key} ${show(baseFields.get(key))} → ${show(headFields.get(key))}`)
}

/** True when both hard fingerprints match field by field. */
export function sameHardEnvironment(a: HardFingerprint, b: HardFingerprint): boolean {
  return differingHardFields(a, b).length === 0
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const sortedA = a.map(String).sort()
    const sortedB = b.map(String).sort()
    return sortedA.length === sortedB.length && sortedA.every((v, i) => v === sortedB[i])
  }
  return Object.is(a, b)
}

function show(value: unknown): string {
  if (value === undefined) return 'missing'
  return Array.isArray(value) ? `[${value.join(' ')}]` : JSON.stringify(value)
}
