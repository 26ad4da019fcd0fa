/**
 * Test helper: plays the Job controller and kubelet for the fake API server (which has no
 * controllers): every Job that appears in `namespace` is run once as a local process — its
 * container's `args` given to the picket CLI (the image's entrypoint), its `env` resolved as the
 * kubelet would (plain values and `secretKeyRef`s read from the API) — and its status is set to
 * Complete or Failed by the exit code. Records what it ran (`runs`). Stopped by `stop()`, also
 * registered with `after()`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after } from 'node:test';
import { picketEntry } from '../operator-process.js';
import { repoRoot } from '../paths.js';

interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }
interface JobObject {
  metadata: { name: string; namespace: string; uid?: string; resourceVersion?: string };
  spec: { template: { spec: { containers: { args?: string[]; env?: EnvVar[]; resources?: unknown; securityContext?: unknown }[]; serviceAccountName?: string } } };
  status?: Record<string, unknown>;
}

export interface JobRun {
  job: JobObject;
  /** The Job as the operator created it, as JSON text (to check what it does not hold). */
  manifest: string;
  exitCode: number | null;
  output: string;
}

export interface JobRunner {
  runs: JobRun[];
  stop(): void;
}

export function startJobRunner(apiUrl: string, namespace: string): JobRunner {
  const runs: JobRun[] = [];
  const seen = new Set<string>();
  let stopped = false;
  const entry = picketEntry('operator-scan-job.js');
  const api = (path: string, init?: RequestInit) => fetch(`${apiUrl}${path}`, init);

  const run = async (job: JobObject) => {
    const container = job.spec.template.spec.containers[0];
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('PICKET_')) env[k] = v;
    for (const e of container.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value;
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) {
        const secret = await api(`/api/v1/namespaces/${namespace}/secrets/${ref.name}`).then((r) => r.json()) as { data?: Record<string, string> };
        env[e.name] = Buffer.from(secret.data?.[ref.key] ?? '', 'base64').toString('utf8');
      }
    }
    // The Job's cache dir is its emptyDir: here a directory of its own.
    env.PICKET_CACHE_DIR = join(env.TMPDIR ?? '/tmp', `picket-job-${job.metadata.name}`);
    const record: JobRun = { job, manifest: JSON.stringify(job), exitCode: null, output: '' };
    runs.push(record);
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [...entry, ...(container.args ?? [])], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.setEncoding('utf8').on('data', (d: string) => (record.output += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (record.output += d));
      child.on('close', (code) => {
        record.exitCode = code;
        resolve();
      });
    });
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const status = record.exitCode === 0
      ? { succeeded: 1, completionTime: now, conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: now }] }
      : { failed: 2, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: `exit code ${record.exitCode}`, lastTransitionTime: now }] };
    await api(`/apis/batch/v1/namespaces/${namespace}/jobs/${job.metadata.name}/status`, {
      method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ status }),
    }).catch(() => {});
  };

  const poll = async () => {
    while (!stopped) {
      try {
        const list = await api(`/apis/batch/v1/namespaces/${namespace}/jobs`).then((r) => r.json()) as { items?: JobObject[] };
        for (const job of list.items ?? []) {
          const id = job.metadata.uid ?? job.metadata.name;
          if (seen.has(id)) continue;
          seen.add(id);
          void run(job);
        }
      } catch {
        // the API server is stopping
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  void poll();
  const stop = () => { stopped = true; };
  after(stop);
  return { runs, stop };
}
