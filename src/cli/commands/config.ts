import { openFsTarget } from '../../target/fs.js';
import { runScanCommand } from '../scan-command.js';

/**
 * `picket config PATH`: misconfiguration checks only (Dockerfiles, Kubernetes manifests), as
 * `trivy config` does: no package analysis, no advisory DB.
 */
export async function runConfigScan(path: string, flags: Record<string, unknown>): Promise<number> {
  return runScanCommand(flags, async (values) => ({
    target: await openFsTarget(path, { skipDirs: values['skip-dirs'] as string[], skipFiles: values['skip-files'] as string[] }),
  }), [], ['misconfig']);
}
