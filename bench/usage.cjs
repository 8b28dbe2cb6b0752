// Preloaded into each measured process: reports its CPU time and peak RSS on exit.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(
    `\nBENCH_USAGE=${JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKiB: u.maxRSS })}\n`,
  );
});
