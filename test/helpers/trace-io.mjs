// Preloaded with `node --import` by test/hostile.test.ts: logs every file the process opens or
// reads and every network connection it starts, as JSON lines to $SAHIFA_TRACE. Patching the
// `fs` module object and calling syncBuiltinESMExports() makes ESM named imports
// (`import { readFileSync } from 'node:fs'`) see the wrappers too.
import fs from 'node:fs';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';

const out = process.env.SAHIFA_TRACE;
const log = (kind, target) => {
  if (!out) return;
  let path = target;
  if (typeof target === 'string') path = resolve(target);
  else if (target instanceof URL) path = target.protocol === 'file:' ? decodeURIComponent(target.pathname) : target.href;
  else if (Buffer.isBuffer(target)) path = resolve(target.toString());
  else return; // file descriptors: the open that made them was logged
  fs.appendFileSync(out, `${JSON.stringify({ kind, path, tag: globalThis.__sahifaTag ?? null })}\n`);
};
const realAppend = fs.appendFileSync;
const wrap = (obj, name, kind) => {
  const orig = obj[name];
  if (typeof orig !== 'function') return;
  obj[name] = function (target, ...rest) {
    log(kind, target);
    return orig.call(this, target, ...rest);
  };
};
for (const name of ['openSync', 'open', 'readFileSync', 'readFile', 'createReadStream', 'opendirSync', 'readdirSync', 'readdir']) wrap(fs, name, name);
for (const name of ['open', 'readFile', 'opendir', 'readdir']) wrap(fs.promises, name, `promises.${name}`);
fs.appendFileSync = realAppend;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = args[0];
  const where = typeof o === 'object' && o !== null ? (o.path ?? `${o.host ?? 'localhost'}:${o.port}`) : String(o);
  if (out) fs.appendFileSync(out, `${JSON.stringify({ kind: 'connect', path: where, tag: globalThis.__sahifaTag ?? null })}\n`);
  return connect.apply(this, args);
};
syncBuiltinESMExports();
