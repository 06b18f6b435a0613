/**
 * The setup file the Vitest plugin gives browser-mode projects in place of its Node one (`leaveBrowserProjects`):
 * the perf matchers registered as stand-ins that fail with `E_USAGE` and what to do. Bundled for the browser.
 */
import { expect } from 'vitest'
import { browserPerfMatchers } from '../browserMatchers.js'

expect.extend(browserPerfMatchers())
