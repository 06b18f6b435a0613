/** Baseline file: schema, read/validate, pure update planning, atomic and locked writes. */
export { BASELINE_SCHEMA_VERSION, BaselineFileSchema, EnvironmentFingerprintSchema, GitStampSchema } from './schema.js'
export type { BaselineEntry, BaselineFile, GitStamp } from './schema.js'
export {
  BASELINE_MAX_SAMPLES,
  parseBaseline,
  planBaselineUpdate,
  readBaseline,
  updateBaselineFile,
  writeBaseline,
} from './baselineStore.js'
export type { BaselineUpdateMeta, BaselineUpdateOptions } from './baselineStore.js'
