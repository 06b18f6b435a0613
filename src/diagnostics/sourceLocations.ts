/**
 * Maps positions in transformed code back to the source the user wrote. Vitest runs every file through Vite
 * (TypeScript stripped, imports rewritten, a wrapper added: lines move by several), so profile positions are the
 * transformed code's. The inspector knows each script's source map URL (Vitest inlines them as data: URLs); the
 * Debugger domain is switched on just long enough to list the scripts, only when a profile is being summarized.
 */
import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { inspectorSession } from './cpuProfile.js'

/** A position in the original source: absolute path (or URL as given), 1-based line and column. */
export interface SourcePosition {
  source: string
  line: number
  column: number
}

/** Maps a 0-based generated position of a script (by URL) to its source, when the script has a source map. */
export type SourceMapper = (url: string, line0: number, column0: number) => SourcePosition | undefined

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const BASE64_VALUES = new Map([...BASE64].map((c, i) => [c, i]))

/** One generated line's segments: [generatedColumn, sourceIndex, sourceLine, sourceColumn], sorted by column. */
type Segment = [number, number, number, number]

/** Decodes a source map's `mappings` (base64 VLQ, v3) into segments per generated line. */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = []
  let source = 0
  let sourceLine = 0
  let sourceColumn = 0
  for (const lineText of mappings.split(';')) {
    const segments: Segment[] = []
    let column = 0
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue
      const values: number[] = []
      let value = 0
      let shift = 0
      for (const char of segmentText) {
        const digit = BASE64_VALUES.get(char) ?? 0
        value += (digit & 31) << shift
        if (digit & 32) shift += 5
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1)
          value = 0
          shift = 0
        }
      }
      column += values[0] ?? 0
      if (values.length < 4) continue
      source += values[1] as number
      sourceLine += values[2] as number
      sourceColumn += values[3] as number
      segments.push([column, source, sourceLine, sourceColumn])
    }
    lines.push(segments)
  }
  return lines
}

interface ParsedMap {
  sources: string[]
  lines: Segment[][]
}

function parseMap(text: string, scriptUrl: string): ParsedMap | undefined {
  const map = JSON.parse(text) as { sources?: string[]; sourceRoot?: string; mappings?: string }
  if (typeof map.mappings !== 'string' || !Array.isArray(map.sources)) return undefined
  const base = scriptUrl.startsWith('file://') ? dirname(fileURLToPath(scriptUrl)) : isAbsolute(scriptUrl) ? dirname(scriptUrl) : undefined
  const sources = map.sources.map((source) => {
    if (source.startsWith('file://')) return fileURLToPath(source)
    const rooted = map.sourceRoot ? `${map.sourceRoot.replace(/\/$/, '')}/${source}` : source
    return isAbsolute(rooted) || base === undefined ? rooted : resolve(base, rooted)
  })
  return { sources, lines: decodeMappings(map.mappings) }
}

function loadMap(scriptUrl: string, sourceMapUrl: string): ParsedMap | undefined {
  try {
    if (sourceMapUrl.startsWith('data:')) {
      const comma = sourceMapUrl.indexOf(',')
      const payload = sourceMapUrl.slice(comma + 1)
      const text = sourceMapUrl.slice(0, comma).endsWith(';base64')
        ? Buffer.from(payload, 'base64').toString('utf8')
        : decodeURIComponent(payload)
      return parseMap(text, scriptUrl)
    }
    const scriptFileUrl = scriptUrl.startsWith('file://') ? scriptUrl : isAbsolute(scriptUrl) ? pathToFileURL(scriptUrl).href : undefined
    if (scriptFileUrl === undefined) return undefined
    const mapUrl = new URL(sourceMapUrl, scriptFileUrl)
    if (mapUrl.protocol !== 'file:') return undefined
    return parseMap(readFileSync(fileURLToPath(mapUrl), 'utf8'), scriptUrl)
  } catch {
    return undefined
  }
}

/** Looks a position up in decoded segments: the last segment at or before the column, else the line's first. */
export function lookup(map: ParsedMap, line0: number, column0: number): SourcePosition | undefined {
  const segments = map.lines[line0]
  if (!segments || segments.length === 0) return undefined
  let found = segments[0] as Segment
  for (const segment of segments) {
    if (segment[0] > column0) break
    found = segment
  }
  const source = map.sources[found[1]]
  return source === undefined ? undefined : { source, line: found[2] + 1, column: found[3] + 1 }
}

/**
 * A mapper over every script loaded so far in this thread. Costs one Debugger enable/disable (tens of ms), so it is
 * made only when a profile is summarized; returns undefined when the inspector cannot list scripts.
 */
export function scriptSourceMapper(): SourceMapper | undefined {
  const urls = new Map<string, string>()
  try {
    const session = inspectorSession()
    const onScript = (message: { params: { url: string; sourceMapURL?: string } }): void => {
      const { url, sourceMapURL } = message.params
      if (url !== '' && sourceMapURL) urls.set(url, sourceMapURL)
    }
    session.on('Debugger.scriptParsed', onScript)
    try {
      session.post('Debugger.enable')
      session.post('Debugger.disable')
    } finally {
      session.off('Debugger.scriptParsed', onScript)
    }
  } catch {
    return undefined
  }
  const parsed = new Map<string, ParsedMap | undefined>()
  return (url, line0, column0) => {
    const sourceMapUrl = urls.get(url)
    if (sourceMapUrl === undefined) return undefined
    if (!parsed.has(url)) parsed.set(url, loadMap(url, sourceMapUrl))
    const map = parsed.get(url)
    return map ? lookup(map, line0, column0) : undefined
  }
}
