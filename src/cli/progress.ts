import type { BuildProgress, BuildSummary } from '../db/build.js';
import type { Logger } from './logger.js';

/**
 * Shows DB build progress: a bar on a terminal, a few log lines otherwise, nothing with --quiet.
 * Returns the callback and a function that closes the bar.
 */
export async function buildProgressReporter(logger: Logger, noProgress = false): Promise<{ onProgress: (e: BuildProgress) => void; done: (s?: BuildSummary) => void }> {
  const tty = Boolean(process.stderr.isTTY) && !logger.quiet && !noProgress;
  let bar: import('cli-progress').SingleBar | undefined;
  if (tty) {
    const { SingleBar, Presets } = (await import('cli-progress')).default;
    // Downloads have a size: a bar. Records come without a known total: a running count.
    const format = (options: import('cli-progress').Options, params: import('cli-progress').Params, payload: { phase: string; unit: string }) =>
      payload.unit === 'bytes' && params.total > 1
        ? `${payload.phase} [${'#'.repeat(Math.round(params.progress * 30)).padEnd(30, '-')}] ${(params.value / 1048576).toFixed(1)}/${(params.total / 1048576).toFixed(1)} MiB`
        : `${payload.phase}: ${params.value} ${payload.unit}`;
    bar = new SingleBar({ stream: process.stderr, format, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  }
  let started = false;
  return {
    onProgress(e) {
      if (e.kind === 'source') {
        logger.info(`advisory DB: reading source ${e.index + 1}/${e.total}: ${e.source}`);
        return;
      }
      if (!bar) return;
      if (!started) {
        bar.start(e.kind === 'download' ? e.total ?? 0 : 0, 0, { phase: 'Building advisory DB', unit: 'records' });
        started = true;
      }
      if (e.kind === 'download') {
        bar.setTotal(e.total ?? Math.max(e.done, 1));
        bar.update(e.done, { phase: 'Downloading', unit: 'bytes' });
      } else {
        bar.setTotal(Math.max(e.count, 1));
        bar.update(e.count, { phase: 'Building advisory DB', unit: 'records' });
      }
    },
    done(summary) {
      bar?.stop();
      if (summary) {
        const ecos = Object.entries(summary.ecosystems).map(([k, v]) => `${k} ${v}`).join(', ');
        logger.info(`advisory DB built: ${summary.advisories} advisories (${ecos || 'no packages'}) in ${summary.seconds.toFixed(1)} s`);
      }
    },
  };
}
