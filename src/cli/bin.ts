#!/usr/bin/env node
/** The `perf-sentinel` executable: runs the command line against the real process. */
import { runCli } from './main.js'

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code
})
