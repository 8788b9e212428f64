// Child process of test/hostile.test.ts: builds each brief given on the command line, one at a
// time, with the library API (no worker threads, so the I/O trace sees everything), and prints one
// JSON line per brief: status, error, warnings, outputs. argv: distDir root outDir settingsJSON briefs…
const [dist, root, outDir, settingsJson, ...briefs] = process.argv.slice(2);
const { build } = await import(`${dist}/index.js`);
const settings = JSON.parse(settingsJson);
const results = [];
for (const brief of briefs) {
  globalThis.__sahifaTag = brief;
  let line;
  try {
    const r = await build({ root, paths: [brief], outDir, jobs: 1, force: true, settings });
    const b = r.briefs[0];
    line = { brief, status: b.status, error: b.error ? { name: b.error.name, message: b.error.message, ruleId: b.error.ruleId ?? null } : null, warnings: b.warnings, outputs: b.outputs };
  } catch (err) {
    line = { brief, status: 'threw', error: { name: err.name, message: err.message, stack: err.stack } };
  }
  results.push(line);
}
globalThis.__sahifaTag = null;
process.stdout.write(`${JSON.stringify(results)}\n`);
