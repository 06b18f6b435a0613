/// <reference types="perf-sentinel/types/vitest" />
