import { openFsTarget } from '../../target/fs.js';
import { runScanCommand } from '../scan-command.js';

/** `picket fs PATH`: a directory or a single file. */
export async function runFilesystemScan(path: string, flags: Record<string, unknown>): Promise<number> {
  return runScanCommand(flags, async (values) => ({
    target: await openFsTarget(path, { skipDirs: values['skip-dirs'] as string[], skipFiles: values['skip-files'] as string[] }),
  }));
}
