/**
 * Worker thread script of the build pool: builds one brief per {@link JobMessage} with
 * {@link buildOne} and posts a {@link ResultMessage}. Modules (writers, fonts) stay loaded
 * between jobs.
 */
import { parentPort } from 'node:worker_threads';
import { buildOne } from '../build.js';
import { errorToData, type JobMessage, type ResultMessage } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('sahifa: pool/worker.js must run in a worker thread');
port.on('message', (msg: JobMessage) => {
  buildOne(msg.job).then(
    (built) => port.postMessage({ id: msg.id, built } satisfies ResultMessage),
    (err: unknown) => port.postMessage({ id: msg.id, error: errorToData(err) } satisfies ResultMessage),
  );
});
