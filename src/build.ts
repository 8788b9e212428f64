/**
 * The library API behind `sahifa build`, gathered from its parts:
 *
 * - `build/scan.ts`: finding briefs and reading one;
 * - `build/brief.ts`: building one brief (parse, render in memory, write atomically);
 * - `build/batch.ts`: the batch, with the manifest and the worker pool;
 * - `atomic.ts`: writing a file through a temporary file and a rename;
 * - `model/date.ts`: the brief's date and the creation time inside outputs.
 */
export { removeStaleTemporaries, writeAtomic } from './atomic.js';
export { build, defaultJobs, type BuildOptions, type BriefStatus, type BriefResult, type BuildResult, type BuildEvent } from './build/batch.js';
export { buildOne, type BuildOneOptions, type BuiltBrief, type RenderSettings } from './build/brief.js';
export { findBriefs, readBrief, scanBriefs, type FoundBrief } from './build/scan.js';
export { creationDate, parseBriefDate } from './model/date.js';
