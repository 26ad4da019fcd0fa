/**
 * Real rpm databases for tests: tiny noarch packages built with Debian's `rpmbuild` from a spec
 * written here, installed with `rpm --root` into a sqlite rpmdb (Debian's rpm 4.18 has only the
 * sqlite backend; its default database path is ~/.rpmdb, so `--dbpath` is always given).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SpecFile {
  /** Path of the file in the installed system (absolute). */
  path: string;
  content: string;
}

export interface Spec {
  name: string;
  epoch?: number;
  version: string;
  release: string;
  license?: string;
  vendor?: string;
  files: SpecFile[];
  /** Subpackages `<name>-<suffix>` built from the same source, with their own files. */
  subpackages?: { suffix: string; files: SpecFile[] }[];
  /** rpm's `modularitylabel` macro: the MODULARITYLABEL tag of a modular build. */
  modularityLabel?: string;
}

/** Builds the spec's binary packages into `topdir` and returns their paths. */
export function buildRpms(spec: Spec, topdir: string): string[] {
  mkdirSync(topdir, { recursive: true });
  const specPath = join(topdir, `${spec.name}.spec`);
  writeFileSync(specPath, specText(spec));
  const defines = ['--define', `_topdir ${topdir}`, ...(spec.modularityLabel ? ['--define', `modularitylabel ${spec.modularityLabel}`] : [])];
  execFileSync('rpmbuild', [...defines, '-bb', specPath], { stdio: 'ignore' });
  const dir = join(topdir, 'RPMS', 'noarch');
  return readdirSync(dir).filter((f) => f.startsWith(`${spec.name}-`)).map((f) => join(dir, f));
}

function specText(spec: Spec): string {
  const install = (files: SpecFile[]) => files.map((f) => `mkdir -p "%{buildroot}$(dirname '${f.path}')"\nprintf '%%s' '${f.content.replace(/['%]/g, '')}' > "%{buildroot}${f.path}"`).join('\n');
  const list = (files: SpecFile[]) => files.map((f) => f.path).join('\n');
  const subpackages = spec.subpackages ?? [];
  return [
    `Name: ${spec.name}`,
    ...(spec.epoch !== undefined ? [`Epoch: ${spec.epoch}`] : []),
    `Version: ${spec.version}`,
    `Release: ${spec.release}`,
    'Summary: picket test package',
    `License: ${spec.license ?? 'MIT'}`,
    ...(spec.vendor ? [`Vendor: ${spec.vendor}`] : []),
    'BuildArch: noarch',
    '%description',
    'picket test package',
    ...subpackages.flatMap((s) => [`%package ${s.suffix}`, 'Summary: picket test subpackage', `%description ${s.suffix}`, 'picket test subpackage']),
    '%install',
    install([...spec.files, ...subpackages.flatMap((s) => s.files)]),
    '%files',
    list(spec.files),
    ...subpackages.flatMap((s) => [`%files ${s.suffix}`, list(s.files)]),
    '',
  ].join('\n');
}

/** Installs packages into `root` with its rpm database at `dbpath` (absolute, inside the root). */
export function installRpms(root: string, rpms: string[], dbpath = '/var/lib/rpm'): void {
  mkdirSync(root, { recursive: true });
  execFileSync('rpm', ['--root', root, '--dbpath', dbpath, '--initdb'], { stdio: 'ignore' });
  execFileSync('rpm', ['--root', root, '--dbpath', dbpath, '-i', '--nodeps', '--noscripts', ...rpms], { stdio: 'ignore' });
}

/** `rpm -qa` of the database at `root` + `dbpath`, one line per package in the given query format, sorted. */
export function rpmQueryAll(root: string, queryFormat: string, dbpath = '/var/lib/rpm'): string[] {
  const out = execFileSync('rpm', ['--root', root, '--dbpath', dbpath, '-qa', '--qf', queryFormat], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter((l) => l !== '').sort();
}

/** The packages every rpm test uses: an epoch and a subpackage, Python metadata, a modular build. */
export const testSpecs: Spec[] = [
  {
    name: 'picket-ssl',
    epoch: 1,
    version: '3.0.7',
    release: '27.el9',
    license: 'Apache-2.0',
    vendor: 'Picket Test',
    files: [{ path: '/usr/share/picket-ssl/README', content: 'readme' }],
    subpackages: [{ suffix: 'libs', files: [{ path: '/usr/lib64/picket-ssl/libpicket.so.3', content: 'not really a library' }] }],
  },
  {
    name: 'python3-picket-demo',
    version: '1.2',
    release: '1.el9',
    license: 'MIT AND (Apache-2.0 OR BSD-3-Clause)',
    files: [
      { path: '/usr/lib/python3/site-packages/picket_demo-1.2.dist-info/METADATA', content: 'Metadata-Version: 2.1\nName: picket-demo\nVersion: 1.2\n' },
      { path: '/usr/lib/python3/site-packages/picket_demo/__init__.py', content: '' },
    ],
  },
  {
    name: 'picket-modular',
    version: '18.19.0',
    release: '1.module+el9.3.0+20000+abcdef01',
    modularityLabel: 'nodejs:18:9030020231019152822:rhel9',
    files: [{ path: '/usr/share/picket-modular/data', content: 'x' }],
  },
];

/** Builds the test packages and installs them into a fresh root; returns the rpm paths. */
export function makeRpmRoot(root: string, workDir: string, specs: Spec[] = testSpecs, dbpath?: string): string[] {
  const rpms = specs.flatMap((spec) => buildRpms(spec, join(workDir, 'rpmbuild', spec.name)));
  installRpms(root, rpms, dbpath);
  return rpms;
}
