/**
 * CPU seconds (user + system, this process) spent in one run: parse-rate checks measured this way
 * hold on a loaded machine, where wall-clock time counts other processes' turns too.
 */
export async function cpuTimed<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(start);
  return { result, seconds: (used.user + used.system) / 1e6 };
}
