/**
 * Messages between {@link runInWorkers} and the worker script: a job in, the brief's outputs or a
 * serialised error out. Errors cross the thread boundary as plain data and become
 * {@link SahifaError}s again on the other side, so places and rule ids survive. The job and its
 * result are type parameters (for a build: `BuildOneOptions` in, `BuiltBrief` out, named by
 * build.ts and serve.ts), so the pool does not import the build that loads it.
 */
import { SahifaError, SahifaErrors, type SourcePlace } from '../model/errors.js';

/** Main thread → worker: build the brief `job` and answer with the same `id`. */
export interface JobMessage<Job> {
  readonly id: number;
  readonly job: Job;
}

/** An error as plain data (structured-clone safe). */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly stack?: string | undefined;
  /** Present for {@link SahifaError}. */
  readonly place?: SourcePlace | undefined;
  readonly reason?: string | undefined;
  readonly ruleId?: string | undefined;
  /** Present for {@link SahifaErrors}: each problem. */
  readonly all?: readonly { readonly place: SourcePlace; readonly reason: string; readonly ruleId: string }[] | undefined;
}

/** Worker → main thread: the result of job `id`. */
export type ResultMessage<Result> = { readonly id: number; readonly built: Result } | { readonly id: number; readonly error: ErrorData };

/** Turns any thrown value into {@link ErrorData}. */
export function errorToData(err: unknown): ErrorData {
  if (err instanceof SahifaErrors) return { name: err.name, message: err.message, stack: err.stack, place: err.place, reason: err.reason, ruleId: err.ruleId, all: err.all.map((e) => ({ place: e.place, reason: e.reason, ruleId: e.ruleId })) };
  if (err instanceof SahifaError) return { name: err.name, message: err.message, stack: err.stack, place: err.place, reason: err.reason, ruleId: err.ruleId };
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

/** Rebuilds an error from {@link ErrorData}: a {@link SahifaError} when it was one. */
export function dataToError(data: ErrorData): Error {
  if (data.name === 'SahifaError' && data.all?.length) return new SahifaErrors(data.all.map((e) => new SahifaError(e.place, e.reason, e.ruleId)));
  if (data.name === 'SahifaError' && data.place && data.reason !== undefined) return new SahifaError(data.place, data.reason, data.ruleId);
  const err = new Error(data.message);
  err.name = data.name;
  if (data.stack) err.stack = data.stack;
  return err;
}
