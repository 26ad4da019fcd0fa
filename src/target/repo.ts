import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { openFsTarget, type FsTargetOptions } from './fs.js';
import type { Target } from './types.js';
import { UserError } from '../errors.js';
import { redactUrl } from '../db/sources/redact-url.js';

const run = promisify(execFile);

export interface RepoRef {
  branch?: string;
  tag?: string;
  commit?: string;
}

export interface RepoTarget {
  target: Target;
  /** Removes the temporary clone, if one was made. */
  cleanup: () => Promise<void>;
}

/**
 * A git repository: a local work tree (scanned as it is, unless a ref is asked for) or a URL
 * (`file://`, `https://`, `ssh://`, `git@host:path`) cloned shallowly into a temporary directory
 * under the cache dir that cleanup() always removes. The report's Metadata names the commit.
 * git never prompts for credentials (GIT_TERMINAL_PROMPT=0), so a private URL fails fast.
 */
export async function openRepoTarget(location: string, ref: RepoRef, cacheDir: string, options: FsTargetOptions = {}): Promise<RepoTarget> {
  if ([ref.branch, ref.tag, ref.commit].filter(Boolean).length > 1) throw new UserError('give only one of --branch, --tag and --commit');
  const local = await stat(location).then((s) => s.isDirectory()).catch(() => false);
  if (local && !ref.branch && !ref.tag && !ref.commit) {
    const dir = resolve(location);
    await git(['rev-parse', '--git-dir'], dir).catch(() => {
      throw new UserError(`${location}: not a git repository`);
    });
    const target = await openFsTarget(dir, options);
    return { target: { ...target, name: location, artifactType: 'repository', metadata: await describeCheckout(dir, location) }, cleanup: async () => {} };
  }
  const url = local ? resolve(location) : location;
  await mkdir(cacheDir, { recursive: true });
  const dir = await mkdtemp(join(cacheDir, 'repo-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    if (ref.commit) {
      await git(['init', '-q'], dir);
      await git(['remote', 'add', 'origin', url], dir);
      await git(['fetch', '-q', '--depth', '1', 'origin', ref.commit], dir);
      await git(['checkout', '-q', 'FETCH_HEAD'], dir);
    } else {
      const branch = ref.branch ?? ref.tag;
      await git(['clone', '-q', '--depth', '1', '--single-branch', ...(branch ? ['--branch', branch] : []), '--', url, dir], cacheDir);
    }
    const target = await openFsTarget(dir, options);
    const metadata = await describeCheckout(dir, redactUrl(location));
    if (ref.branch) metadata.Branch = ref.branch;
    if (ref.tag) metadata.Tags = [ref.tag];
    return { target: { ...target, name: redactUrl(location), artifactType: 'repository', metadata }, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** trivy's repository metadata: RepoURL, Branch, Commit, CommitMsg, Author, Committer. */
async function describeCheckout(dir: string, location: string): Promise<Record<string, unknown>> {
  const out = async (args: string[]) => (await git(args, dir).catch(() => '')).trim();
  const metadata: Record<string, unknown> = {};
  const remote = await out(['config', '--get', 'remote.origin.url']);
  metadata.RepoURL = redactUrl(remote || location);
  const branch = await out(['rev-parse', '--abbrev-ref', 'HEAD']);
  if (branch && branch !== 'HEAD') metadata.Branch = branch;
  const [commit, message, author, committer] = (await out(['log', '-1', '--format=%H%x00%s%x00%an <%ae>%x00%cn <%ce>'])).split('\0');
  if (commit) Object.assign(metadata, { Commit: commit, CommitMsg: message, Author: author, Committer: committer });
  return metadata;
}

async function git(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, {
      cwd,
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true', LC_ALL: 'C' },
    });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new UserError('git is not installed: picket repo needs the git command');
    const reason = (e.stderr ?? e.message).trim().split('\n').filter(Boolean).pop() ?? 'failed';
    throw new UserError(`git ${args[0]}: ${redactCredentials(reason)}`);
  }
}

/** git echoes URLs in errors; user:password@ parts must not reach the terminal. */
function redactCredentials(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1');
}
