import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TemplateSpans } from 'mustache'
import { PerfSentinelError } from '../../src/errors.js'

/** Everything the HTML report inlines besides the data: templates, styles, page scripts and chart.js. */
export interface HtmlAssets {
  /** `report.html.mustache`. */
  template: string
  /**
   * `template` parsed (`Mustache.parse`), when the templates directory holds `report.html.tokens.json` for exactly this
   * text (the build writes it for the packaged template): the run end then skips the parse.
   */
  templateTokens?: TemplateSpans
  /** Mustache partials by name (`row` = `row.mustache`). */
  partials: Record<string, string>
  css: string
  /** The page scripts, in load order (data reader and charts first: the table script calls into them). */
  scripts: string[]
  /** chart.js UMD build, source map comment removed. */
  chartJs: string
}

/** The file whose presence identifies a templates directory. */
const TEMPLATE_FILE = 'report.html.mustache'
/** Enough to reach `reporters/` from `reporters/render/` and `dist/` from `dist/<entry>/`, not enough to leave the package. */
const MAX_LEVELS_UP = 3

/**
 * Finds the templates directory from a module location: `dist/templates` once bundled (tsup flattens modules into
 * `dist/*.js` and `dist/*\/*.js`, and the build copies `reporters/templates` there), `reporters/templates` from source.
 */
export function findTemplatesDir(moduleUrl: string = import.meta.url): string {
  const searched: string[] = []
  let dir = dirname(fileURLToPath(moduleUrl))
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    for (const candidate of [join(dir, 'templates'), join(dir, 'reporters', 'templates')]) {
      if (existsSync(join(candidate, TEMPLATE_FILE))) return candidate
      searched.push(candidate)
    }
    dir = dirname(dir)
  }
  throw new PerfSentinelError('E_READ', `HTML report templates not found: no ${TEMPLATE_FILE} in ${searched.join(', ')}.`, {
    fix: 'reinstall perf-sentinel (its build copies reporters/templates to dist/templates), or pass `templatesDir` to loadHtmlAssets().',
  })
}

/**
 * Resolves chart.js's UMD bundle. chart.js's exports map does not expose `dist/chart.umd.js`, so resolve the main
 * entry (`dist/chart.cjs`) and take its sibling.
 */
export function resolveChartJs(moduleUrl: string = import.meta.url): string {
  return join(dirname(createRequire(moduleUrl).resolve('chart.js')), 'chart.umd.js')
}

export interface LoadHtmlAssetsOptions {
  /** @default findTemplatesDir() */
  templatesDir?: string
  /** @default resolveChartJs() */
  chartJsPath?: string
}

/** Reads the HTML report's assets from disk. The only part of the HTML renderer that does I/O. */
export function loadHtmlAssets(options: LoadHtmlAssetsOptions = {}): HtmlAssets {
  const templatesDir = resolve(options.templatesDir ?? findTemplatesDir())
  const chartJsPath = options.chartJsPath ?? resolveChartJs()
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'utf8')
    } catch (error) {
      throw new PerfSentinelError('E_READ', `Cannot read the HTML report asset ${path}.`, {
        fix: 'reinstall perf-sentinel, or point `templatesDir` / `chartJsPath` at existing files.',
        cause: error,
      })
    }
  }
  const row = read(join(templatesDir, 'row.mustache'))
  if (options.templatesDir === undefined) packagedRowPartial = row
  const template = read(join(templatesDir, TEMPLATE_FILE))
  const templateTokens = readTemplateTokens(join(templatesDir, TOKENS_FILE), template)
  return {
    template,
    ...(templateTokens === undefined ? {} : { templateTokens }),
    partials: { row },
    css: read(join(templatesDir, 'report.css')),
    scripts: ['report.data.js', 'report.charts.js', 'report.client.js', 'report.resources.js'].map((name) =>
      read(join(templatesDir, name)),
    ),
    // The map comment would make DevTools fetch a file that is not shipped with the report.
    chartJs: read(chartJsPath).replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n'),
  }
}

/** Written by the build next to the template (tsup.config.ts); absent when rendering from the sources. */
const TOKENS_FILE = 'report.html.tokens.json'

/**
 * The build's tokens for `template`, or undefined when there are none, they are unreadable, or they were made from
 * another text (an edited template): the renderer then parses the template itself.
 */
function readTemplateTokens(path: string, template: string): TemplateSpans | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { template?: unknown; tokens?: unknown }
    return parsed.template === template && Array.isArray(parsed.tokens) ? (parsed.tokens as TemplateSpans) : undefined
  } catch {
    return undefined
  }
}

let defaultAssets: HtmlAssets | undefined
/** The packaged `row.mustache`, once read: rows of that template are rendered without Mustache (htmlRow.ts). */
let packagedRowPartial: string | undefined

/** True when `partial` is the packaged row template, whose rows `renderRowHtml` renders byte for byte. */
export function isPackagedRowPartial(partial: string | undefined): boolean {
  return packagedRowPartial !== undefined && partial === packagedRowPartial
}

/** `loadHtmlAssets()` once per process: the files ship with the package and never change while it runs. */
export function defaultHtmlAssets(): HtmlAssets {
  defaultAssets ??= loadHtmlAssets()
  return defaultAssets
}
