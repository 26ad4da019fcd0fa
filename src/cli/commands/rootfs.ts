import { openFsTarget } from '../../target/fs.js';
import { runScanCommand } from '../scan-command.js';

/** `picket rootfs DIR`: an unpacked root filesystem (a chroot, a mounted VM disk, an mmdebstrap output). */
export async function runRootfsScan(path: string, flags: Record<string, unknown>): Promise<number> {
  return runScanCommand(flags, async (values) => ({
    target: await openFsTarget(path, { contents: 'installed', skipDirs: values['skip-dirs'] as string[], skipFiles: values['skip-files'] as string[] }),
  }));
}
