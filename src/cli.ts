#!/usr/bin/env node
console.log('perf-sentinel CLI: not yet')
