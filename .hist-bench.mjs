// src/stores/history/historyRun.ts
import { randomUUID } from "node:crypto";
import * as v2 from "valibot";

// src/stores/baseline/schema.ts
import * as v from "valibot";

// src/stats/summarize.ts
function capSamples(samples, cap) {
  if (samples.length <= cap) return samples.slice();
  if (cap === 1) return [samples[0]];
  const kept = [];
  const stride = (samples.length - 1) / (cap - 1);
  for (let i = 0; i < cap; i++) kept.push(samples[Math.round(i * stride)]);
  return kept;
}

// src/stores/baseline/schema.ts
var BASELINE_SCHEMA_VERSION = 1;
var statNumber = v.pipe(
  v.nullable(v.number()),
  v.transform((value) => value ?? Number.NaN)
);
var count = v.pipe(v.number(), v.integer(), v.minValue(0));
var timeStat = v.pipe(
  v.nullable(v.pipe(v.number(), v.minValue(0))),
  v.transform((value) => value ?? Number.NaN)
);
var READ_MAX_SAMPLES = 2e3;
var MAX_BASELINE_ENTRIES = 5e4;
var MAX_PROCESS_MEDIANS = 20;
var isoTime = v.pipe(v.string(), v.isoTimestamp());
var statisticsSchema = v.object({
  n: count,
  minMs: timeStat,
  maxMs: timeStat,
  meanMs: timeStat,
  medianMs: timeStat,
  p75Ms: timeStat,
  p90Ms: timeStat,
  p95Ms: timeStat,
  p99Ms: timeStat,
  sdMs: timeStat,
  madMs: timeStat,
  rmePercent: statNumber,
  opsPerSecond: statNumber,
  outliers: count
});
var gitStampSchema = v.object({
  commit: v.optional(v.string()),
  branch: v.optional(v.string()),
  dirty: v.optional(v.boolean())
});
var environmentSchema = v.object({
  hard: v.object({
    os: v.string(),
    arch: v.string(),
    cpuModel: v.string(),
    cores: count,
    totalMemoryGiB: v.number(),
    node: v.string(),
    v8: v.string(),
    runner: v.string(),
    runnerVersion: v.string(),
    pluginVersion: v.string(),
    flags: v.array(v.string())
  }),
  soft: v.object({
    loadAverage1m: statNumber,
    cpuSpeedMHz: statNumber
  })
});
var entrySchema = v.object({
  file: v.string(),
  testName: v.string(),
  name: v.string(),
  kind: v.picklist(["matcher", "measure", "test-duration"]),
  subject: v.picklist(["sync", "async", "generator", "async-generator"]),
  stats: statisticsSchema,
  // Evenly strided down to READ_MAX_SAMPLES on read (the writer keeps fewer still).
  samplesMs: v.pipe(
    v.array(v.pipe(v.number(), v.minValue(0))),
    v.transform((samples) => samples.length > READ_MAX_SAMPLES ? capSamples(samples, READ_MAX_SAMPLES) : samples)
  ),
  batchSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
  referenceMs: v.optional(v.pipe(v.number(), v.gtValue(0))),
  processMediansMs: v.optional(v.pipe(v.array(v.pipe(v.number(), v.gtValue(0))), v.maxLength(MAX_PROCESS_MEDIANS))),
  recordedAt: isoTime,
  git: gitStampSchema,
  environment: environmentSchema
});
var fileSchema = v.object({
  schemaVersion: v.literal(BASELINE_SCHEMA_VERSION),
  updatedAt: isoTime,
  entries: v.pipe(
    v.record(v.string(), entrySchema),
    v.check((entries) => Object.keys(entries).length <= MAX_BASELINE_ENTRIES, `at most ${MAX_BASELINE_ENTRIES} entries`)
  )
});
var EnvironmentFingerprintSchema = environmentSchema;
var GitStampSchema = gitStampSchema;
var IsoTimeSchema = isoTime;

// src/stores/retainSamples.ts
var STORED_SAMPLE_DIGITS = 6;
function retainSamples(samplesMs, max) {
  return capSamples(samplesMs, Math.max(0, Math.floor(max))).map(
    (sampleMs) => Number.isFinite(sampleMs) ? Number(sampleMs.toPrecision(STORED_SAMPLE_DIGITS)) : sampleMs
  );
}

// src/stores/schemaIssues.ts
var MAX_LISTED_ISSUES = 5;
function formatSchemaIssues(issues, max = MAX_LISTED_ISSUES) {
  const lines = issues.slice(0, max).map((issue) => `  - ${formatIssuePath(issue)}: ${describeIssue(issue)}`);
  if (issues.length > max) {
    lines.push(`  - \u2026 and ${issues.length - max} more`);
  }
  return lines.join("\n");
}
function describeIssue(issue) {
  return issue.message.startsWith("Invalid key") && issue.received === "undefined" ? "missing" : issue.message;
}
function formatIssuePath(issue) {
  const path = issue.path ?? [];
  if (path.length === 0) {
    return "(root)";
  }
  return path.map((item, index) => {
    const key = item.key;
    if (typeof key === "number") {
      return `[${key}]`;
    }
    const text = String(key);
    if (/^[A-Za-z_$][\w$]*$/.test(text)) {
      return index === 0 ? text : `.${text}`;
    }
    return `[${JSON.stringify(text)}]`;
  }).join("");
}

// src/model/types.ts
function measurementId(record5) {
  if (record5.testPath === void 0 && record5.project === void 0) return legacyMeasurementId(record5);
  const test = record5.testPath ? record5.testPath.map(escapeIdSegment).join(ID_SEPARATOR) : record5.testName;
  const head = record5.project ? `[${escapeIdSegment(record5.project)}]${ID_SEPARATOR}` : "";
  return `${head}${escapeIdSegment(record5.file)}${ID_SEPARATOR}${test}${ID_SEPARATOR}${escapeIdSegment(record5.name)}`;
}
function legacyMeasurementId(record5) {
  return `${record5.file}${ID_SEPARATOR}${record5.testName}${ID_SEPARATOR}${record5.name}`;
}
var ID_SEPARATOR = " > ";
function escapeIdSegment(segment) {
  return segment.replace(/\\/g, "\\\\").replace(/ > /g, " \\> ");
}

// src/stores/history/historyRun.ts
var HISTORY_SCHEMA_VERSION = 1;
var HISTORY_MAX_SAMPLES = 64;
var measurementSchema = v2.object({
  medianMs: v2.number(),
  p95Ms: v2.number(),
  n: v2.pipe(v2.number(), v2.integer(), v2.minValue(0)),
  samplesMs: v2.array(v2.number()),
  referenceMs: v2.optional(v2.pipe(v2.number(), v2.gtValue(0)))
});
var runSchema = v2.object({
  schemaVersion: v2.literal(HISTORY_SCHEMA_VERSION),
  runId: v2.pipe(v2.string(), v2.minLength(1)),
  time: IsoTimeSchema,
  git: GitStampSchema,
  environment: EnvironmentFingerprintSchema,
  measurements: v2.record(v2.string(), measurementSchema)
});
var HistoryMeasurementSchema = measurementSchema;
var HistoryRunSchema = runSchema;
function parseHistoryRun(json) {
  const version = typeof json === "object" && json !== null ? json.schemaVersion : void 0;
  if (typeof version === "number" && version !== HISTORY_SCHEMA_VERSION) {
    const newer = version > HISTORY_SCHEMA_VERSION;
    return {
      problem: `has schemaVersion ${version}; this perf-sentinel reads ${HISTORY_SCHEMA_VERSION}`,
      fix: newer ? "upgrade perf-sentinel to read it" : "delete it"
    };
  }
  const parsed = v2.safeParse(runSchema, json);
  return parsed.success ? { run: parsed.output } : {
    problem: `does not match the history schema:
${formatSchemaIssues(parsed.issues)}`,
    fix: "fix or delete it (perf-sentinel never modifies or deletes unreadable history)"
  };
}
function buildHistoryRun(input) {
  const measurements = {};
  for (const record5 of input.records) {
    const { result } = record5;
    if (!Number.isFinite(result.medianMs) || !Number.isFinite(result.p95Ms)) {
      continue;
    }
    const samplesMs = retainSamples(result.samplesMs, input.maxSamples ?? HISTORY_MAX_SAMPLES);
    const single = result.n === 1 && samplesMs.length === 1 && result.medianMs === result.samplesMs[0] && result.p95Ms === result.medianMs;
    measurements[measurementId(record5)] = {
      medianMs: single ? samplesMs[0] : result.medianMs,
      p95Ms: single ? samplesMs[0] : result.p95Ms,
      n: result.n,
      samplesMs,
      ...result.referenceMs === void 0 ? {} : { referenceMs: result.referenceMs }
    };
  }
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    runId: input.runId ?? randomUUID(),
    time: input.time.toISOString(),
    // Picked field by field: a full GitInfo also carries notes that do not belong in the store.
    git: { commit: input.git.commit, branch: input.git.branch, dirty: input.git.dirty },
    environment: structuredClone(input.environment),
    measurements
  };
}

// src/stores/history/historyStore.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { join as join3 } from "node:path";

// src/stores/atomicWrite.ts
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

// src/env/processAlive.ts
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

// src/errors.ts
var PerfSentinelError = class extends Error {
  name = "PerfSentinelError";
  code;
  problem;
  fix;
  constructor(code, problem, options) {
    super(`${problem}
Fix: ${options.fix}`, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.code = code;
    this.problem = problem;
    this.fix = options.fix;
  }
};
function asError(error) {
  return error instanceof Error ? error : new Error(String(error));
}
function errorMessage(error) {
  return asError(error).message;
}

// src/stores/atomicWrite.ts
async function writeFileAtomic(path, data) {
  const directory = dirname(path);
  const tempPath = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const existing = await stat(path).catch(() => void 0);
  if (existing !== void 0 && existing.isFile() && (existing.mode & 146) === 0) {
    throw new PerfSentinelError("E_WRITE", `${path} is read-only, so perf-sentinel leaves it as it is`, {
      fix: `make it writable (chmod u+w ${path}) if perf-sentinel should update it`
    });
  }
  await removeLeftoverTempFiles(directory, basename(path));
  try {
    await mkdir(directory, { recursive: true });
    const handle = await open(tempPath, "wx", existing?.isFile() ? existing.mode & 511 : 438);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => void 0);
    throw new PerfSentinelError("E_WRITE", `Could not write ${path}: ${errorMessage(error)}`, {
      fix: `check that ${directory} is writable and the disk is not full`,
      cause: error
    });
  }
  await syncDirectory(directory);
}
async function removeLeftoverTempFiles(directory, name) {
  const prefix = `.${name}.`;
  const entries = await readdir(directory).catch(() => []);
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith(".tmp")) continue;
    const pid = Number(entry.slice(prefix.length).split(".")[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid)) {
      await rm(join(directory, entry), { force: true }).catch(() => void 0);
    }
  }
}
async function syncDirectory(directory) {
  try {
    const handle = await open(directory, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
  }
}

// src/stores/history/historyFiles.ts
import { readdir as readdir2, readFile, stat as stat2 } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/stores/history/runEncoding.ts
import * as v3 from "valibot";
var HISTORY_FILE_VERSION = 2;
var RunHeaderSchema = v3.object({
  runId: v3.pipe(v3.string(), v3.minLength(1)),
  time: IsoTimeSchema,
  git: GitStampSchema,
  environment: EnvironmentFingerprintSchema
});
var runFileSchema = v3.object({
  schemaVersion: v3.literal(HISTORY_FILE_VERSION),
  runId: v3.pipe(v3.string(), v3.minLength(1)),
  time: IsoTimeSchema,
  git: GitStampSchema,
  environment: EnvironmentFingerprintSchema,
  measurements: v3.record(v3.string(), HistoryMeasurementSchema),
  // Checked by a plain loop below: thousands of entries, one number each.
  singles: v3.record(v3.string(), v3.unknown())
});
function isSingle(m) {
  if (m.n !== 1 || m.referenceMs !== void 0 || m.samplesMs.length !== 1 || m.p95Ms !== m.medianMs) return false;
  const sample = m.samplesMs[0];
  return sample === m.medianMs || Math.abs(sample - m.medianMs) <= 1e-6 * Math.abs(m.medianMs);
}
function singleMeasurement(ms) {
  return { medianMs: ms, p95Ms: ms, n: 1, samplesMs: [ms] };
}
var STORED = /* @__PURE__ */ Symbol("perf-sentinel.history.stored");
function lazyRun(header, stored) {
  const run = { schemaVersion: HISTORY_SCHEMA_VERSION, runId: header.runId, time: header.time, git: header.git, environment: header.environment };
  let built;
  const build = () => {
    const all = {};
    stored.each((id, single, full) => {
      all[id] = single === void 0 ? full : singleMeasurement(single);
    });
    return all;
  };
  Object.defineProperty(run, "measurements", {
    enumerable: true,
    configurable: true,
    get: () => built ??= build(),
    set: (value) => {
      built = value;
    }
  });
  Object.defineProperty(run, STORED, { value: () => built === void 0 ? stored : void 0 });
  return run;
}
function storedOf(run) {
  return run[STORED]?.();
}
function toPoint(m) {
  return m === void 0 ? void 0 : { medianMs: m.medianMs, p95Ms: m.p95Ms };
}
function pointOf(run, id) {
  const stored = storedOf(run);
  return stored ? stored.point(id) : toPoint(run.measurements[id]);
}
function eachStored(run, visit) {
  const stored = storedOf(run);
  if (stored) {
    stored.each(visit);
    return;
  }
  for (const [id, m] of Object.entries(run.measurements)) {
    if (isSingle(m)) visit(id, m.medianMs, void 0);
    else visit(id, void 0, m);
  }
}
function encodeRunFile(run) {
  const measurements = {};
  const singles = {};
  eachStored(run, (id, single, full) => {
    if (single === void 0) measurements[id] = full;
    else singles[id] = single;
  });
  const file = { schemaVersion: HISTORY_FILE_VERSION, runId: run.runId, time: run.time, git: run.git, environment: run.environment, measurements, singles };
  return `${JSON.stringify(file)}
`;
}
var FIX = "fix or delete it (perf-sentinel never modifies or deletes unreadable history)";
function decodeRunFile(json) {
  const version = typeof json === "object" && json !== null ? json.schemaVersion : void 0;
  if (version === HISTORY_SCHEMA_VERSION) return parseHistoryRun(json);
  if (typeof version === "number" && version > HISTORY_FILE_VERSION) {
    return { problem: `has schemaVersion ${version}; this perf-sentinel reads ${HISTORY_FILE_VERSION}`, fix: "upgrade perf-sentinel to read it" };
  }
  const parsed = v3.safeParse(runFileSchema, json);
  if (!parsed.success) return { problem: `does not match the history schema:
${formatSchemaIssues(parsed.issues)}`, fix: FIX };
  const { measurements, singles } = parsed.output;
  const bad = badNumber(singles);
  if (bad !== void 0) return { problem: `does not match the history schema:
  - singles[${JSON.stringify(bad)}]: not a finite number`, fix: FIX };
  const numbers = singles;
  return {
    run: lazyRun(parsed.output, {
      point: (id) => {
        const ms = numbers[id];
        return ms !== void 0 ? { medianMs: ms, p95Ms: ms } : toPoint(measurements[id]);
      },
      each: (visit) => {
        for (const id in measurements) visit(id, void 0, measurements[id]);
        for (const id in numbers) visit(id, numbers[id], void 0);
      }
    })
  };
}
function badNumber(values, allowNull = false) {
  for (const key in values) {
    const value = values[key];
    if (allowNull && value === null) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) return key;
  }
  return void 0;
}

// src/stores/history/segment.ts
import { gunzipSync, gzipSync } from "node:zlib";
import * as v4 from "valibot";
var SEGMENT_RUNS = 100;
var segmentSchema = v4.object({
  schemaVersion: v4.literal(HISTORY_FILE_VERSION),
  kind: v4.literal("segment"),
  runs: v4.array(RunHeaderSchema),
  measurements: v4.record(v4.string(), v4.array(v4.nullable(HistoryMeasurementSchema))),
  // Checked by a plain loop below: thousands of arrays of numbers, too many for a schema walk.
  singles: v4.record(v4.string(), v4.unknown())
});
function encodeSegment(runs) {
  const measurements = {};
  const singles = {};
  runs.forEach((run, index) => {
    eachStored(run, (id, single, full) => {
      if (single !== void 0) (singles[id] ??= new Array(runs.length).fill(null))[index] = single;
      else (measurements[id] ??= new Array(runs.length).fill(null))[index] = full;
    });
  });
  const headers = runs.map((run) => ({ runId: run.runId, time: run.time, git: run.git, environment: run.environment }));
  const segment = { schemaVersion: HISTORY_FILE_VERSION, kind: "segment", runs: headers, measurements, singles };
  return gzipSync(JSON.stringify(segment), { level: 6 });
}
function decodeSegment(data) {
  const fix = "delete it (perf-sentinel never modifies or deletes unreadable history)";
  let json;
  try {
    json = JSON.parse(gunzipSync(data).toString("utf8"));
  } catch (error) {
    return { problem: `is not a readable gzipped JSON segment (${String(error)})`, fix };
  }
  const version = json?.schemaVersion;
  if (typeof version === "number" && version > HISTORY_FILE_VERSION) {
    return { problem: `has schemaVersion ${version}; this perf-sentinel reads ${HISTORY_FILE_VERSION}`, fix: "upgrade perf-sentinel to read it" };
  }
  const parsed = v4.safeParse(segmentSchema, json);
  if (!parsed.success) return { problem: `does not match the history segment schema:
${formatSchemaIssues(parsed.issues)}`, fix };
  const { runs, measurements, singles } = parsed.output;
  for (const id in singles) {
    const values = singles[id];
    if (!Array.isArray(values) || values.length !== runs.length || badNumber(values, true) !== void 0) {
      return { problem: `has a bad value list for singles[${JSON.stringify(id)}]`, fix };
    }
  }
  for (const [id, values] of Object.entries(measurements)) {
    if (values.length !== runs.length) return { problem: `has a bad value list for measurements[${JSON.stringify(id)}]`, fix };
  }
  const numbers = singles;
  return {
    runs: runs.map(
      (header, index) => lazyRun(header, {
        point: (id) => {
          const ms = numbers[id]?.[index];
          if (ms !== null && ms !== void 0) return { medianMs: ms, p95Ms: ms };
          const m = measurements[id]?.[index];
          return m ? { medianMs: m.medianMs, p95Ms: m.p95Ms } : void 0;
        },
        each: (visit) => {
          for (const id in measurements) {
            const m = measurements[id]?.[index];
            if (m) visit(id, void 0, m);
          }
          for (const id in numbers) {
            const ms = numbers[id]?.[index];
            if (ms !== null && ms !== void 0) visit(id, ms, void 0);
          }
        }
      })
    )
  };
}

// src/stores/history/historyFiles.ts
var RUN_FILE = /^(\d{8}T\d{9}Z)-([0-9a-f]{7}|nocommit)-(\d+)-([0-9a-f]+)\.json$/;
var SEGMENT_FILE = /^segment-(\d{8}T\d{9}Z)-(\d+)-([0-9a-f]+)\.json\.gz$/;
function fileTime(iso) {
  return new Date(iso).toISOString().replace(/[-:.]/g, "");
}
function parseFileTime(stamp) {
  const [, y, mo, d, h, mi, s, ms] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp) ?? [];
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms));
}
async function listHistory(dir) {
  let names;
  try {
    names = await readdir2(dir);
  } catch (error) {
    if (error?.code === "ENOENT") return { entries: [] };
    return { problem: `could not list the history directory ${dir}: ${String(error)}
Fix: check that it is a readable directory` };
  }
  const entries = [];
  for (const name of names) {
    const run = RUN_FILE.exec(name);
    if (run) {
      entries.push({ kind: "run", name, path: join2(dir, name), timeMs: parseFileTime(run[1]), commit: run[2], runs: 1 });
      continue;
    }
    const segment = SEGMENT_FILE.exec(name);
    if (segment) entries.push({ kind: "segment", name, path: join2(dir, name), timeMs: parseFileTime(segment[1]), runs: Number(segment[2]) });
  }
  return { entries: entries.sort((a, b) => b.timeMs - a.timeMs || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)) };
}
async function loadEntry(entry) {
  let data;
  try {
    data = await readFile(entry.path);
  } catch (error) {
    if (error?.code === "ENOENT") return { runs: [] };
    return { problem: `skipped history file ${entry.path}: it cannot be read (${String(error)})
Fix: check its permissions` };
  }
  if (entry.kind === "segment") {
    const decoded2 = decodeSegment(data);
    return "problem" in decoded2 ? { problem: `skipped history file ${entry.path}: it ${decoded2.problem}
Fix: ${decoded2.fix}` } : decoded2;
  }
  let json;
  try {
    json = JSON.parse(data.toString("utf8"));
  } catch (error) {
    return { problem: `skipped history file ${entry.path}: it is not valid JSON (${String(error)})
Fix: fix or delete it (perf-sentinel never modifies or deletes unreadable history)` };
  }
  const decoded = decodeRunFile(json);
  return "problem" in decoded ? { problem: `skipped history file ${entry.path}: it ${decoded.problem}
Fix: ${decoded.fix}` } : { runs: [decoded.run] };
}
async function entrySizes(entries) {
  return Promise.all(entries.map((entry) => stat2(entry.path).then((s) => s.size, () => 0)));
}

// src/stores/history/historyStore.ts
var DEFAULT_HISTORY_DIR = ".perf-sentinel/history";
var DEFAULT_MAX_RUNS = 500;
var DEFAULT_MAX_RUNS_PER_COMMIT = 5;
var DEFAULT_MAX_BYTES = 64 * 2 ** 20;
var READ_CONCURRENCY = 32;
async function appendRun(dir, run) {
  const text = encodeRunFile(run);
  const decoded = decodeRunFile(JSON.parse(text));
  if ("problem" in decoded) {
    throw new PerfSentinelError("E_ARGUMENT", `Refusing to append an invalid run to ${dir}: it ${decoded.problem}`, {
      fix: "build the run with buildHistoryRun() from finished measurements"
    });
  }
  const commit = run.git.commit !== void 0 && /^[0-9a-f]{7,}$/i.test(run.git.commit) ? run.git.commit.slice(0, 7).toLowerCase() : "nocommit";
  const path = join3(dir, `${fileTime(run.time)}-${commit}-${process.pid}-${randomBytes2(4).toString("hex")}.json`);
  await writeFileAtomic(path, text);
  return path;
}
async function readRuns(dir, filter = {}) {
  const listed = await listHistory(dir);
  if ("problem" in listed) return { runs: [], problems: [listed.problem] };
  const limit = filter.limit ?? Number.POSITIVE_INFINITY;
  const runs = [];
  const problems = [];
  const seen = /* @__PURE__ */ new Set();
  const entries = listed.entries;
  for (let start = 0; start < entries.length; ) {
    if (enough(runs, limit, entries[start].timeMs)) break;
    let end = start + 1;
    while (end < entries.length && end - start < READ_CONCURRENCY && entries[start]?.kind === "run" && entries[end]?.kind === "run") end++;
    const loaded = await Promise.all(entries.slice(start, end).map((entry) => loadEntry(entry)));
    start = end;
    for (const result of loaded) {
      if ("problem" in result) {
        problems.push(result.problem);
        continue;
      }
      for (const run of result.runs) {
        if (seen.has(run.runId) || !matches(run, filter)) continue;
        seen.add(run.runId);
        runs.push(run);
      }
    }
  }
  const sorted = sortRuns(runs);
  return { runs: Number.isFinite(limit) ? sorted.slice(Math.max(0, sorted.length - limit)) : sorted, problems };
}
function enough(runs, limit, nextMs) {
  if (runs.length < limit) return false;
  const times2 = runs.map(timeOf).sort((a, b) => b - a);
  return times2[limit - 1] > nextMs;
}
function trendFor(runs, id) {
  const points = [];
  for (const run of inOrder(runs)) {
    const point = pointOf(run, id);
    if (point === void 0) continue;
    const commit = run.git.commit ?? "unknown";
    const branch = run.git.branch;
    points.push(
      branch === void 0 ? { commit, time: run.time, medianMs: point.medianMs, p95Ms: point.p95Ms } : { commit, branch, time: run.time, medianMs: point.medianMs, p95Ms: point.p95Ms }
    );
  }
  return points;
}
var times = /* @__PURE__ */ new WeakMap();
function timeOf(run) {
  let time = times.get(run);
  if (time === void 0) {
    time = Date.parse(run.time);
    times.set(run, time);
  }
  return time;
}
function compareRuns(a, b) {
  return timeOf(a) - timeOf(b) || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0);
}
var checked = /* @__PURE__ */ new WeakMap();
function inOrder(runs) {
  const known = checked.get(runs);
  if (known && known.length === runs.length && known.first === runs[0] && known.last === runs[runs.length - 1]) return known.ordered;
  let ordered = runs;
  for (let i = 1; i < runs.length; i++) {
    if (compareRuns(runs[i - 1], runs[i]) > 0) {
      ordered = sortRuns(runs);
      break;
    }
  }
  checked.set(runs, { length: runs.length, first: runs[0], last: runs[runs.length - 1], ordered });
  return ordered;
}
function sortRuns(runs) {
  return [...runs].sort(compareRuns);
}
function matches(run, filter) {
  if (filter.commit !== void 0 && !(run.git.commit ?? "").startsWith(filter.commit)) return false;
  return filter.environmentMatches === void 0 || filter.environmentMatches(run.environment);
}

// src/stores/history/compactHistory.ts
import { randomBytes as randomBytes4 } from "node:crypto";
import { rm as rm3, stat as stat4 } from "node:fs/promises";
import { join as join4 } from "node:path";

// src/stores/fileLock.ts
import { randomBytes as randomBytes3 } from "node:crypto";
import { mkdir as mkdir2, open as open2, readFile as readFile2, rm as rm2, stat as stat3 } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname as dirname2 } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
var DEFAULT_STALE_MS = 2e4;
var DEFAULT_TIMEOUT_MS = 6e4;
var FIRST_BACKOFF_MS = 5;
var MAX_BACKOFF_MS = 250;
async function withFileLock(lockPath, critical, options = {}) {
  const token = await acquire(lockPath, options);
  try {
    return await critical();
  } finally {
    await release(lockPath, token);
  }
}
async function acquire(lockPath, options) {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms) => delay(ms));
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const token = `${hostname()}:${process.pid}:${randomBytes3(8).toString("hex")}`;
  const startedAt = now();
  let backoffMs = FIRST_BACKOFF_MS;
  await mkdir2(dirname2(lockPath), { recursive: true }).catch(() => void 0);
  for (; ; ) {
    try {
      const handle = await open2(lockPath, "wx");
      try {
        await handle.writeFile(JSON.stringify({ token, pid: process.pid, host: hostname(), since: new Date(now()) }));
      } finally {
        await handle.close();
      }
      return token;
    } catch (error) {
      if (!isCode(error, "EEXIST")) {
        throw new PerfSentinelError("E_LOCK", `Could not create the lock file ${lockPath}: ${String(error)}`, {
          fix: `check that ${dirname2(lockPath)} exists and is writable`,
          cause: error
        });
      }
    }
    const holder = await stat3(lockPath).catch(() => void 0);
    const stale = holder === void 0 ? void 0 : await staleReason(lockPath, now() - holder.mtimeMs, staleMs, options.isAlive ?? processAlive);
    if (stale !== void 0) {
      await rm2(lockPath, { force: true });
      (options.onTakeover ?? ((line) => process.stderr.write(`${line}
`)))(`perf-sentinel: took over the stale lock ${lockPath}: ${stale}.`);
      continue;
    }
    if (now() - startedAt > timeoutMs) {
      const owner = await readFile2(lockPath, "utf8").catch(() => "unknown holder");
      const message = `Timed out after ${timeoutMs} ms waiting for the lock ${lockPath} (${owner})`;
      throw new PerfSentinelError("E_LOCK", message, {
        fix: `if no other perf-sentinel process is running, delete ${lockPath}`
      });
    }
    await sleep(backoffMs * (0.5 + Math.random()));
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  }
}
async function staleReason(lockPath, ageMs, staleMs, alive) {
  const content = await readFile2(lockPath, "utf8").catch(() => "");
  let owner = {};
  try {
    owner = JSON.parse(content);
  } catch {
  }
  if (typeof owner.pid === "number" && owner.host === hostname() && owner.pid !== process.pid && !alive(owner.pid)) {
    return `its holder (pid ${owner.pid}) is no longer running`;
  }
  if (ageMs > staleMs) return `it is ${Math.round(ageMs / 1e3)} s old`;
  if (ageMs < -staleMs) return `its time lies ${Math.round(-ageMs / 1e3)} s in the future`;
  return void 0;
}
async function release(lockPath, token) {
  const content = await readFile2(lockPath, "utf8").catch(() => void 0);
  if (content !== void 0 && content.includes(token)) {
    await rm2(lockPath, { force: true });
  }
}
function isCode(error, code) {
  return typeof error === "object" && error !== null && error.code === code;
}

// src/stores/history/compactHistory.ts
var LOOSE_MAX = 20;
var LOOSE_KEEP = 10;
var SMALL_SEGMENTS_MAX = 5;
async function compactHistory(dir, options = {}) {
  const listed = await listHistory(dir);
  if ("problem" in listed) return { removed: [], problems: [listed.problem] };
  if (listed.entries.length === 0) return { removed: [], problems: [] };
  try {
    return await withFileLock(join4(dir, ".compact.lock"), () => compactLocked(dir, options), { timeoutMs: 15e3 });
  } catch (error) {
    return { removed: [], problems: [`history in ${dir} not compacted: ${errorMessage(error)}`] };
  }
}
async function compactLocked(dir, options) {
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
  const maxPerCommit = options.maxRunsPerCommit ?? DEFAULT_MAX_RUNS_PER_COMMIT;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const listed = await listHistory(dir);
  if ("problem" in listed) return { removed: [], problems: [listed.problem] };
  const removed = [];
  const problems = [];
  const loaded = /* @__PURE__ */ new Map();
  const runsOf = async (entry, keep = true) => {
    const known = loaded.get(entry);
    if (known) return known;
    const result = await loadEntry(entry);
    if ("problem" in result) {
      problems.push(result.problem);
      return void 0;
    }
    if (keep) loaded.set(entry, result.runs);
    return result.runs;
  };
  const drop = async (entry) => {
    if (await runsOf(entry) === void 0) return;
    await rm3(entry.path, { force: true });
    removed.push(entry.path);
  };
  const dropped = /* @__PURE__ */ new Set();
  const byCommit = /* @__PURE__ */ new Map();
  for (const entry of listed.entries) {
    if (entry.kind === "run" && entry.commit !== "nocommit") byCommit.set(entry.commit, [...byCommit.get(entry.commit) ?? [], entry]);
  }
  for (const entries of byCommit.values()) {
    if (entries.length <= maxPerCommit) continue;
    const kept = /* @__PURE__ */ new Map();
    for (const entry of entries) {
      const runs = await runsOf(entry);
      if (runs === void 0) continue;
      const full2 = runs[0]?.git.commit ?? "";
      const ids = runs.flatMap((run) => Object.keys(run.measurements).map((id) => `${full2} ${id}`));
      const measured = ids.length === 0 ? [full2] : ids;
      if (measured.some((id) => (kept.get(id) ?? 0) < maxPerCommit)) {
        for (const id of measured) kept.set(id, (kept.get(id) ?? 0) + 1);
      } else {
        dropped.add(entry);
        await drop(entry);
      }
    }
  }
  const loose = listed.entries.filter((entry) => entry.kind === "run" && !dropped.has(entry));
  if (loose.length > LOOSE_MAX) await mergeIntoSegments(dir, loose.slice(LOOSE_KEEP), (entry) => runsOf(entry, false), problems);
  const afterMerge = await listHistory(dir);
  const small = "problem" in afterMerge ? [] : afterMerge.entries.filter((entry) => entry.kind === "segment" && entry.runs < SEGMENT_RUNS);
  if (small.length >= SMALL_SEGMENTS_MAX) await mergeIntoSegments(dir, small, (entry) => runsOf(entry, false), problems);
  const relisted = await listHistory(dir);
  if ("problem" in relisted) return { removed, problems: [...problems, relisted.problem] };
  const sizes = await entrySizes(relisted.entries);
  let runCount = 0;
  let bytes = 0;
  let full = false;
  for (const [index, entry] of relisted.entries.entries()) {
    const size = sizes[index] ?? 0;
    const roomByBytes = entry.runs > 0 ? Math.floor((maxBytes - bytes) / (size / entry.runs)) : entry.runs;
    const allowed = full ? 0 : Math.max(0, Math.min(entry.runs, maxRuns - runCount, roomByBytes));
    if (allowed < entry.runs) full = true;
    if (allowed === entry.runs) {
      runCount += entry.runs;
      bytes += size;
    } else if (allowed === 0 || entry.kind === "run") {
      await drop(entry);
    } else {
      const runs = await runsOf(entry);
      if (runs === void 0) continue;
      const ordered = sortRuns(runs);
      const headroom = Math.min(maxRuns - Math.floor(maxRuns / 10) - runCount, Math.floor((maxBytes * 0.9 - bytes) / (size / entry.runs)));
      for (let keep = Math.max(0, Math.min(allowed, headroom)); keep > 0; keep--) {
        const path = await writeSegment(dir, ordered.slice(ordered.length - keep));
        const written = (await stat4(path)).size;
        if (bytes + written <= maxBytes || keep === 1) {
          runCount += keep;
          bytes += written;
          break;
        }
        await rm3(path, { force: true });
      }
      await rm3(entry.path, { force: true });
      removed.push(entry.path);
    }
  }
  return { removed, problems };
}
async function writeSegment(dir, runs) {
  const ordered = sortRuns(runs);
  const newest = ordered[ordered.length - 1];
  const path = join4(dir, `segment-${fileTime(newest.time)}-${ordered.length}-${randomBytes4(4).toString("hex")}.json.gz`);
  await writeFileAtomic(path, encodeSegment(ordered));
  return path;
}
async function mergeIntoSegments(dir, files, runsOf, problems) {
  let batch = [];
  let runs = [];
  const flush = async () => {
    if (runs.length === 0) return true;
    try {
      await writeSegment(dir, runs);
    } catch (error) {
      problems.push(`history runs not merged into a segment: ${errorMessage(error)}`);
      return false;
    }
    await Promise.all(batch.map((entry) => rm3(entry.path, { force: true })));
    batch = [];
    runs = [];
    return true;
  };
  for (const file of [...files].sort((a, b) => a.timeMs - b.timeMs)) {
    const read = await runsOf(file);
    if (read === void 0) continue;
    batch.push(file);
    runs.push(...read);
    if (runs.length >= SEGMENT_RUNS && !await flush()) return;
  }
  await flush();
}

// src/stores/history/gitNotesStore.ts
import { randomBytes as randomBytes5 } from "node:crypto";
import { rm as rm4, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join5, resolve } from "node:path";

// src/git/git.ts
import { simpleGit } from "simple-git";
function openGit(cwd, factory = simpleGit) {
  try {
    return { git: factory(cwd) };
  } catch (error) {
    return { problem: `cannot run git in ${cwd}: ${firstLine(error)}` };
  }
}
async function runGit(git, args) {
  try {
    return { ok: true, output: (await git.raw(args)).trim() };
  } catch (error) {
    return { ok: false, error };
  }
}
function describeGitFailure(error, cwd) {
  const text = firstLine(error);
  if (/ENOENT/.test(text)) {
    return "git is not installed or not on PATH";
  }
  if (/not a git repository/i.test(text)) {
    return `not a git repository: ${cwd}`;
  }
  if (/dubious ownership/i.test(text)) {
    const allow = `git config --global --add safe.directory ${cwd}`;
    return `git refuses the repository at ${cwd} (owned by another user); allow it with: ${allow}`;
  }
  return `git failed in ${cwd}: ${text}`;
}
function firstLine(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().split("\n")[0] ?? text;
}

// src/stores/history/gitNotesStore.ts
var NOTES_REF = "refs/notes/perf-sentinel";
var FALLBACK_IDENTITY = ["-c", "user.name=perf-sentinel", "-c", "user.email=perf-sentinel@localhost"];
var BLOBS_PER_CALL = 200;
async function appendRunToNotes(cwd, run, options = {}) {
  const fail = (problem) => {
    options.log?.(problem);
    return { written: false, problems: [problem] };
  };
  const line = JSON.stringify(run);
  const parsed = parseHistoryRun(JSON.parse(line));
  if ("problem" in parsed) {
    return fail(`run not added to git notes: it ${parsed.problem}`);
  }
  const commit = run.git.commit;
  if (commit === void 0) {
    return fail("run not added to git notes: it has no commit (not a git repository, or no commits yet)");
  }
  const opened = openGit(cwd, options.git);
  if ("problem" in opened) {
    return fail(`run not added to git notes: ${opened.problem}`);
  }
  const commonDir = await runGit(opened.git, ["rev-parse", "--git-common-dir"]);
  if (!commonDir.ok) {
    return fail(`run not added to git notes: ${describeGitFailure(commonDir.error, cwd)}`);
  }
  const known = await runGit(opened.git, ["rev-parse", "--verify", "--quiet", `${commit}^{commit}`]);
  if (!known.ok || known.output === "") {
    return fail(`run not added to git notes: commit ${commit} is not in the repository at ${cwd}`);
  }
  const messagePath = join5(tmpdir(), `perf-sentinel-note-${process.pid}-${randomBytes5(6).toString("hex")}.json`);
  try {
    await writeFile(messagePath, `${line}
`);
    const lockPath = join5(resolve(cwd, commonDir.output), "perf-sentinel-notes.lock");
    const error = await withFileLock(lockPath, () => appendNote(opened.git, messagePath, commit));
    return error === void 0 ? { written: true, problems: [] } : fail(`run not added to the git notes of ${commit.slice(0, 7)}: ${describeGitFailure(error, cwd)}`);
  } catch (error) {
    return fail(`run not added to git notes: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await rm4(messagePath, { force: true });
  }
}
async function readRunsFromNotes(cwd, commits, options = {}) {
  const opened = openGit(cwd, options.git);
  if ("problem" in opened) {
    return { runs: [], problems: [`git notes not read: ${opened.problem}`] };
  }
  const listed = await runGit(opened.git, ["notes", `--ref=${NOTES_REF}`, "list"]);
  if (!listed.ok) {
    return { runs: [], problems: [`git notes not read: ${describeGitFailure(listed.error, cwd)}`] };
  }
  const blobs = [];
  for (const row of listed.output.split("\n")) {
    const [blob, annotated] = row.split(" ");
    if (blob === void 0 || annotated === void 0) {
      continue;
    }
    if (commits === void 0 || commits.some((wanted) => wanted !== "" && annotated.startsWith(wanted))) {
      blobs.push(blob);
    }
  }
  const byRunId = /* @__PURE__ */ new Map();
  const problems = [];
  for (let start = 0; start < blobs.length; start += BLOBS_PER_CALL) {
    const shown = await runGit(opened.git, ["show", ...blobs.slice(start, start + BLOBS_PER_CALL)]);
    if (!shown.ok) {
      problems.push(`git notes not read: ${describeGitFailure(shown.error, cwd)}`);
      continue;
    }
    for (const text of shown.output.split("\n")) {
      const parsed = parseLine(text);
      if (parsed === void 0) {
        continue;
      }
      if ("problem" in parsed) {
        problems.push(parsed.problem);
      } else {
        byRunId.set(parsed.run.runId, parsed.run);
      }
    }
  }
  const runs = [...byRunId.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return { runs, problems };
}
async function appendNote(git, messagePath, commit) {
  const args = ["notes", `--ref=${NOTES_REF}`, "append", "--file", messagePath, commit];
  const first = await runGit(git, args);
  if (first.ok) {
    return void 0;
  }
  const message = first.error instanceof Error ? first.error.message : String(first.error);
  if (!/tell me who you are|unable to auto-detect email|empty ident/i.test(message)) {
    return first.error;
  }
  const second = await runGit(git, [...FALLBACK_IDENTITY, ...args]);
  return second.ok ? void 0 : second.error;
}
function parseLine(text) {
  const line = text.trim();
  if (line === "") {
    return void 0;
  }
  const where = `a line in git notes ${NOTES_REF}`;
  const fix = `remove the line with \`git notes --ref perf-sentinel edit <commit>\``;
  let json;
  try {
    json = JSON.parse(line);
  } catch {
    return { problem: `skipped ${where}: it is not valid JSON (${line.slice(0, 60)}\u2026)
Fix: ${fix}` };
  }
  const parsed = parseHistoryRun(json);
  if ("problem" in parsed) {
    const commit = json?.git?.commit;
    const at = typeof commit === "string" ? ` (commit ${commit.slice(0, 7)})` : "";
    return { problem: `skipped ${where}${at}: it ${parsed.problem}
Fix: ${parsed.fix}, or ${fix}` };
  }
  return parsed;
}
export {
  DEFAULT_HISTORY_DIR,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_RUNS,
  DEFAULT_MAX_RUNS_PER_COMMIT,
  HISTORY_FILE_VERSION,
  HISTORY_MAX_SAMPLES,
  HISTORY_SCHEMA_VERSION,
  HistoryMeasurementSchema,
  HistoryRunSchema,
  NOTES_REF,
  appendRun,
  appendRunToNotes,
  buildHistoryRun,
  compactHistory,
  parseHistoryRun,
  pointOf,
  readRuns,
  readRunsFromNotes,
  trendFor
};
