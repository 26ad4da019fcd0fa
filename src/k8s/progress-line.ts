import type { ClusterScanProgress } from './scan-cluster.js';

/**
 * The progress of a cluster scan as one line rewritten in place on a terminal
 * (`Scanning images 3/12: nginx:1.25`); nothing when the stream is not a TTY. `done()` clears it.
 */
export function progressLine(stream: NodeJS.WriteStream, enabled: boolean): { onProgress: (e: ClusterScanProgress) => void; done: () => void } {
  if (!enabled || !stream.isTTY) return { onProgress: () => {}, done: () => {} };
  let shown = false;
  const show = (text: string) => {
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r${text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width)}`);
    shown = true;
  };
  return {
    onProgress(e) {
      if (e.phase === 'listed') show(`Listed ${e.objects} Kubernetes objects`);
      else show(`Scanning images ${e.done}/${e.total}${e.image ? `: ${e.image}` : ''}`);
    },
    done() {
      if (shown) stream.write(`\r${' '.repeat(Math.max(20, (stream.columns ?? 80) - 1))}\r`);
      shown = false;
    },
  };
}
