// Preloaded into cold benchmark runs (node --import): prints the process's peak RSS (KiB) at exit.
process.on('exit', () => {
  process.stderr.write(`\nSAHIFA_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
