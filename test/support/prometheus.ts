/**
 * Test helper: a real Prometheus (Debian `prometheus`) on a free 127.0.0.1 port scraping the
 * given targets every second, with its TSDB in a temp dir; `query` runs an instant PromQL query
 * through its HTTP API. Stopped by `stop()`, also registered with `after()`.
 * (../shared/infra/RECIPES.md §4: the first scrape can take ~5 s after start.)
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { freePort } from './free-port.js';
import { tempDir } from './temp.js';

export interface TestPrometheus {
  url: string;
  /** The result vector of an instant query: each series' labels and value. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  stop(): Promise<void>;
}

export async function startPrometheus(targets: string[]): Promise<TestPrometheus> {
  const dir = tempDir('picket-prometheus-');
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, `global: {scrape_interval: 1s, evaluation_interval: 1s}\nscrape_configs: [{job_name: picket, static_configs: [{targets: ${JSON.stringify(targets)}}]}]\n`);
  const port = await freePort();
  const child = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  after(stop);
  const deadline = Date.now() + 30_000;
  while (!(await fetch(`${url}/-/ready`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`prometheus did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop,
    async query(promql) {
      const answer = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`).then((r) => r.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      if (answer.status !== 'success') throw new Error(`prometheus query ${promql}: ${answer.error}`);
      return answer.data!.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
  };
}
