/**
 * sahifa's public API: re-exports only.
 */
export { build, findBriefs, creationDate, writeAtomic, type BuildOptions, type BuildResult, type BriefResult } from './build.js';
export { parse } from './parse/index.js';
export { loadTemplate, readTemplateFile } from './templates/load.js';
export { getWriter, FORMATS, type Format, type Writer, type WriteInput, type WriteResult } from './writers/index.js';
export { SahifaError, formatPlace, type SourcePlace } from './model/errors.js';
export { blockDirection, dirFromLang, type Dir } from './model/direction.js';
export type { SahifaDocument } from './model/document.js';
export type { FrontMatter } from './model/front-matter.js';
export type { Template, LoadedTemplate } from './templates/schema.js';
