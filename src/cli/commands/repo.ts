import { openRepoTarget } from '../../target/repo.js';
import { runScanCommand } from '../scan-command.js';

/** `picket repo PATH_OR_URL [--branch|--tag|--commit]`: a git repository, cloned shallowly when remote. */
export async function runRepoScan(location: string, flags: Record<string, unknown>): Promise<number> {
  return runScanCommand(flags, async (values, _logger, cacheDir) =>
    openRepoTarget(
      location,
      { branch: flags.branch as string | undefined, tag: flags.tag as string | undefined, commit: flags.commit as string | undefined },
      cacheDir,
      { skipDirs: values['skip-dirs'] as string[], skipFiles: values['skip-files'] as string[] },
    ),
  );
}
