import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (this file is bench/lib/paths.mjs). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Where each part writes its raw JSON and Markdown tables (git-ignored; BENCHMARKS.md holds the published ones). */
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results')

/** The built package: benchmarks measure what users install, so `npm run bench` builds first. */
export const DIST_INDEX = join(REPO_ROOT, 'dist', 'index.js')
