/**
 * The job loop of a build worker thread: builds one brief per {@link JobMessage} with
 * {@link buildOne} and posts a {@link ResultMessage}. Modules (writers, fonts) stay loaded
 * between jobs.
 */
import type { MessagePort } from 'node:worker_threads';
import { buildOne, type BuildOneOptions, type BuiltBrief } from '../build/brief.js';
import { errorToData, type JobMessage, type ResultMessage } from './protocol.js';

/**
 * Answers every job that arrives on `port` (the worker's `parentPort`) until the thread ends.
 *
 * @param beforeAnswer called when a job is done, before its answer is posted (e.g. to save a code
 *   cache: once the answer is out, the pool may end the thread at any moment)
 */
export function serveJobs(port: MessagePort, beforeAnswer?: () => void): void {
  const answer = (msg: ResultMessage<BuiltBrief>): void => {
    beforeAnswer?.();
    port.postMessage(msg);
  };
  port.on('message', (msg: JobMessage<BuildOneOptions>) => {
    buildOne(msg.job).then(
      (built) => answer({ id: msg.id, built }),
      (err: unknown) => answer({ id: msg.id, error: errorToData(err) }),
    );
  });
}
