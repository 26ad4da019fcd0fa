/**
 * Base images for picket's Dockerfile, built without Docker Hub: for build farms (and this
 * project's tests) that reach a Debian mirror but not `node:20-bookworm(-slim)`. Both are Debian
 * 12 `mmdebstrap --variant=minbase` root filesystems from the given mirror, plus the Node.js 20 of
 * this machine, laid out as the official node images lay it out (`/usr/local/bin/node`), as an OCI
 * image layout made with umoci. (Debian's own nodejs is 18 in bookworm and absent from
 * bookworm-backports; trixie's 20.19 would make the image Debian 13 while the official bases
 * users get are Debian 12.)
 *
 * - tag `runtime`: minbase + `node` (what `node:20-bookworm-slim` gives the final stage);
 * - tag `build`: minbase + python3, make, g++ + `node`, `npm` and Node's headers in
 *   `/usr/local/include/node` (what `node:20-bookworm` gives the build stage to compile
 *   better-sqlite3).
 *
 * `pushBaseImages()` copies both to a registry with skopeo and returns their references pinned by
 * digest, for `docker build --build-arg BUILD_IMAGE=… --build-arg RUNTIME_IMAGE=…`.
 *
 * Command line: `node --import tsx scripts/base-images.ts OUT_DIR MIRROR_URL` builds the layout;
 * with `--push REGISTRY/REPOSITORY` (http allowed for 127.0.0.1) it pushes and prints the two
 * build arguments. Needs root (umoci unpack), mmdebstrap, umoci, skopeo.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** An OCI layout holding the two base images. */
export interface BaseImages {
  layout: string;
  /** Node.js version inside both (`v20.20.2`). */
  nodeVersion: string;
  /** The Debian release (`bookworm`). */
  suite: string;
}

/** The two bases in a registry, pinned by digest (`host/repo@sha256:…`). */
export interface PushedBaseImages {
  buildImage: string;
  runtimeImage: string;
}

export interface BaseImageOptions {
  /** Debian mirror URL (e.g. http://mirror.example.org/debian). */
  mirror: string;
  /** The node binary to copy in; default: the one running this. Its prefix must hold lib/node_modules/npm and include/node. */
  nodeBinary?: string;
  suite?: string;
}

/** Runs a command; resolves with its stdout, rejects with the command line and its stderr. */
function tool(command: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr.slice(-4000)}`));
      else resolvePromise(stdout);
    });
  });
}

/** Builds both base images into `out/oci` (tags `runtime` and `build`). */
export async function buildBaseImages(out: string, options: BaseImageOptions): Promise<BaseImages> {
  const suite = options.suite ?? 'bookworm';
  const nodeBinary = options.nodeBinary ?? process.execPath;
  const prefix = dirname(dirname(nodeBinary));
  const npmDir = join(prefix, 'lib', 'node_modules', 'npm');
  const headers = join(prefix, 'include', 'node');
  for (const needed of [npmDir, headers]) if (!existsSync(needed)) throw new Error(`${needed} not found: the build base needs npm and Node's headers beside ${nodeBinary}`);
  const nodeVersion = (await tool(nodeBinary, ['--version'])).trim();
  if (!/^v20\./.test(nodeVersion)) throw new Error(`${nodeBinary} is Node.js ${nodeVersion}; picket's image is built on Node.js 20`);

  const work = join(out, 'work');
  mkdirSync(work, { recursive: true });
  const runtimeTar = join(work, 'runtime.tar');
  const buildTar = join(work, 'build.tar');
  await Promise.all([
    tool('mmdebstrap', ['--quiet', '--variant=minbase', suite, runtimeTar, options.mirror]),
    tool('mmdebstrap', ['--quiet', '--variant=minbase', '--include=python3,make,g++', suite, buildTar, options.mirror]),
  ]);

  const layout = join(out, 'oci');
  await tool('umoci', ['init', '--layout', layout]);
  const addNode = (rootfs: string, withToolchain: boolean) => {
    mkdirSync(join(rootfs, 'usr/local/bin'), { recursive: true });
    cpSync(nodeBinary, join(rootfs, 'usr/local/bin/node'));
    chmodSync(join(rootfs, 'usr/local/bin/node'), 0o755);
    const license = join(prefix, 'share', 'doc', 'nodejs', 'LICENSE');
    if (existsSync(license)) {
      mkdirSync(join(rootfs, 'usr/local/share/doc/node'), { recursive: true });
      cpSync(license, join(rootfs, 'usr/local/share/doc/node/LICENSE'));
    }
    if (!withToolchain) return;
    cpSync(npmDir, join(rootfs, 'usr/local/lib/node_modules/npm'), { recursive: true });
    cpSync(headers, join(rootfs, 'usr/local/include/node'), { recursive: true });
    symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(rootfs, 'usr/local/bin/npm'));
    symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(rootfs, 'usr/local/bin/npx'));
  };
  for (const [tag, tar, withToolchain] of [['runtime', runtimeTar, false], ['build', buildTar, true]] as const) {
    const image = `${layout}:${tag}`;
    const bundle = join(work, `bundle-${tag}`);
    await tool('umoci', ['new', '--image', image]);
    await tool('umoci', ['unpack', '--image', image, bundle]);
    const rootfs = join(bundle, 'rootfs');
    await tool('tar', ['-C', rootfs, '-xf', tar]);
    rmSync(tar);
    const packages = withToolchain ? ' --include=python3,make,g++' : '';
    await tool('umoci', ['repack', '--refresh-bundle', '--history.created_by', `mmdebstrap --variant=minbase${packages} ${suite}`, '--image', image, bundle]);
    addNode(rootfs, withToolchain);
    await tool('umoci', ['repack', '--history.created_by', `Node.js ${nodeVersion} (${withToolchain ? 'node, npm, headers' : 'node'}) in /usr/local`, '--image', image, bundle]);
    await tool('umoci', [
      'config', '--image', image,
      '--config.env', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--config.env', `NODE_VERSION=${nodeVersion.slice(1)}`,
      '--config.cmd', 'node',
    ]);
    rmSync(bundle, { recursive: true, force: true });
  }
  await tool('umoci', ['gc', '--layout', layout]);
  rmSync(work, { recursive: true, force: true });
  return { layout, nodeVersion, suite };
}

/**
 * Copies both images to `repository` (`host:port/name`; plain http for loopback hosts) with
 * skopeo, tags `<suite>-runtime` and `<suite>-build`; returns the references pinned by digest.
 */
export async function pushBaseImages(images: BaseImages, repository: string, options: { credentials?: string } = {}): Promise<PushedBaseImages> {
  const insecure = /^(127\.\d+\.\d+\.\d+|localhost)(:\d+)?\//.test(repository);
  const scratch = mkdtempSync(join(tmpdir(), 'picket-base-push-'));
  const pushed: Record<string, string> = {};
  try {
    for (const tag of ['runtime', 'build']) {
      const digestFile = join(scratch, `${tag}.digest`);
      await tool('skopeo', [
        '--insecure-policy', 'copy', '--quiet',
        ...(insecure ? ['--dest-tls-verify=false'] : []),
        ...(options.credentials ? ['--dest-creds', options.credentials] : []),
        '--digestfile', digestFile,
        `oci:${images.layout}:${tag}`,
        `docker://${repository}:${images.suite}-${tag}`,
      ]);
      pushed[tag] = `${repository}@${readFileSync(digestFile, 'utf8').trim()}`;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { buildImage: pushed.build, runtimeImage: pushed.runtime };
}

async function main(argv: string[]): Promise<void> {
  const pushAt = argv.indexOf('--push');
  const repository = pushAt >= 0 ? argv[pushAt + 1] : undefined;
  const positional = argv.filter((_, i) => pushAt < 0 || (i !== pushAt && i !== pushAt + 1));
  const [out, mirror] = positional;
  if (!out || !mirror || (pushAt >= 0 && !repository)) {
    process.stderr.write('usage: node --import tsx scripts/base-images.ts OUT_DIR DEBIAN_MIRROR_URL [--push REGISTRY/REPOSITORY]\n');
    process.exitCode = 2;
    return;
  }
  const images = await buildBaseImages(resolve(out), { mirror });
  process.stdout.write(`${images.layout}: runtime and build, Debian ${images.suite}, Node.js ${images.nodeVersion}\n`);
  if (repository) {
    const pushed = await pushBaseImages(images, repository);
    process.stdout.write(`--build-arg BUILD_IMAGE=${pushed.buildImage} --build-arg RUNTIME_IMAGE=${pushed.runtimeImage}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
