/**
 * sahifa's public API: re-exports only. `check` and `watch` load their heavy dependencies
 * (vfile-reporter; chokidar and node:http) only when called.
 */
export {
  build,
  buildOne,
  findBriefs,
  creationDate,
  parseBriefDate,
  writeAtomic,
  removeStaleTemporaries,
  type BuildOptions,
  type BuildResult,
  type BriefResult,
  type BriefStatus,
  type BuildEvent,
  type BuildOneOptions,
  type BuiltBrief,
} from './build.js';
export { shardOf, inShard, parseShard, mergeOutputs, MAX_SHARDS, type Shard, type MergeOptions, type MergeResult, type MergeConflict } from './shard/index.js';
export { buildReport, githubAnnotations, escapeAnnotationData, escapeAnnotationProperty, type BuildReport, type BuildReportBrief, type BuildReportMessage } from './report/index.js';
export { check, checkReport, formatCheckReport, type CheckOptions, type CheckResult, type CheckReport, type CheckReportMessage } from './check/index.js';
export { watch, type WatchOptions, type WatchEvent, type Watcher } from './watch/index.js';
export { newBrief, isValidSlug, type NewBriefOptions, type NewBriefResult } from './new/index.js';
export { MANIFEST_NAME, readManifest, type Manifest, type FormatRecord, type FormatInputs, type FileHash } from './manifest/index.js';
export { KNOWN_CONTAINER_DIRECTIVES, KNOWN_DIRECTIVES, KNOWN_LEAF_DIRECTIVES } from './model/directives.js';
export { parse } from './parse/index.js';
export { loadTemplate, readTemplateFile } from './templates/load.js';
export { getWriter, FORMATS, type Format, type Writer, type WriteInput, type WriteResult } from './writers/index.js';
export { SahifaError, formatPlace, type SourcePlace } from './model/errors.js';
export { formatWarning, type BriefWarning } from './model/warnings.js';
export { blockDirection, dirFromLang, type Dir } from './model/direction.js';
export type { SahifaDocument } from './model/document.js';
export type { FrontMatter } from './model/front-matter.js';
export type { Template, LoadedTemplate } from './templates/schema.js';
