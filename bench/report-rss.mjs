// Preloaded into cold benchmark runs (node --import): prints the process's peak RSS (KiB) and its
// CPU time, user + system (µs), at exit.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nSAHIFA_MAXRSS_KB=${u.maxRSS}\nSAHIFA_CPU_US=${u.userCPUTime + u.systemCPUTime}\n`);
});
