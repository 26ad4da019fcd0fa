import { Command, CommanderError } from 'commander';
import { licenseOptionSpecs } from '../config/license-options.js';
import { cleanOptionSpecs, dbOptionSpecs, globalOptionSpecs, imageOptionSpecs, misconfigOptionSpecs, scanOptionSpecs, secretOptionSpecs } from '../config/options.js';
import { defineOptions } from './define-options.js';
import { k8sCommandOptionSpecs } from '../config/k8s-options.js';
import { operatorCommandOptionSpecs, scanJobOptionSpecs } from '../config/operator-options.js';
import { gateOptionSpecs } from '../config/gate-options.js';
import { convertOptionSpecs } from '../report/writers/output-options.js';
import { picketBuildInfo, picketVersion, picketVersionText } from './version.js';
import { UserError } from '../errors.js';

/**
 * The `picket` command line. Only commander and the option table load at startup; each command
 * imports its implementation when it runs, so `picket --version` stays fast.
 */
export async function main(argv: string[]): Promise<number> {
  // A reader that goes away (`picket ... | head`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const program = new Command('picket')
    .description('Scan projects, repositories and root filesystems for vulnerable packages (trivy-compatible flags and JSON)')
    .version(picketVersionText(), '-v, --version', 'print the version and the commit it was built from')
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str.split('\n').filter(Boolean)[0] + '\n') });
  defineOptions(program, globalOptionSpecs);

  let exitCode = 0;
  const run = (load: () => Promise<(...args: never[]) => Promise<number>>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const action = await load();
      exitCode = await (action as (...a: unknown[]) => Promise<number>)(...args.slice(0, -2), command.optsWithGlobals());
    };

  const fs = program
    .command('filesystem')
    .alias('fs')
    .description('scan a local directory or file: lockfiles and manifests of every supported ecosystem, and OS package DBs')
    .argument('<path>', 'directory or file to scan');
  defineOptions(fs, [...scanOptionSpecs, ...secretOptionSpecs, ...misconfigOptionSpecs, ...licenseOptionSpecs, ...gateOptionSpecs, ...dbOptionSpecs]);
  fs.action(run(async () => (await import('./commands/fs.js')).runFilesystemScan));

  const image = program
    .command('image')
    .alias('i')
    .description('scan a container image: from the Docker engine, a registry, or a file (--input): OS packages and installed language packages, layer by layer')
    .argument('[reference]', 'image reference (registry/repository:tag or @sha256:digest); omit with --input');
  defineOptions(image, [...imageOptionSpecs, ...scanOptionSpecs, ...secretOptionSpecs, ...misconfigOptionSpecs, ...licenseOptionSpecs, ...gateOptionSpecs, ...dbOptionSpecs]);
  image.action(run(async () => (await import('./commands/image.js')).runImageScan));

  const config = program
    .command('config')
    .alias('conf')
    .description('scan configuration files for misconfigurations: Dockerfiles and Kubernetes manifests')
    .argument('<path>', 'directory or file to scan');
  defineOptions(config, [...scanOptionSpecs.filter((s) => s.name !== 'scanners' && s.name !== 'pkg-types'), ...misconfigOptionSpecs, ...gateOptionSpecs]);
  config.action(run(async () => (await import('./commands/config.js')).runConfigScan));

  const k8s = program
    .command('kubernetes')
    .alias('k8s')
    .description('scan a Kubernetes cluster: checks on the live objects, and the images of its workloads (each unique digest once)');
  defineOptions(k8s, k8sCommandOptionSpecs);
  k8s.action(run(async () => (await import('./commands/k8s.js')).runK8sScan));

  const operator = program
    .command('operator')
    .description('run in a cluster: watch workloads, write report resources (VulnerabilityReport, ConfigAuditReport, ...), serve /metrics and full reports, re-judge images when the DB changes');
  defineOptions(operator, operatorCommandOptionSpecs);
  operator.action(run(async () => (await import('./commands/operator.js')).runOperator));
  const scanJob = operator.command('scan-job').description('what the operator\'s scan Jobs run: analyze one image (PICKET_SCAN_UNIT) and post the facts to --result-url');
  defineOptions(scanJob, scanJobOptionSpecs);
  scanJob.action(run(async () => (await import('./commands/operator-scan-job.js')).runScanJob));

  const rootfs = program
    .command('rootfs')
    .description('scan an unpacked root filesystem: OS packages (dpkg, apk, rpm) and installed language packages')
    .argument('<dir>', 'root directory');
  defineOptions(rootfs, [...scanOptionSpecs, ...secretOptionSpecs, ...misconfigOptionSpecs, ...licenseOptionSpecs, ...gateOptionSpecs, ...dbOptionSpecs]);
  rootfs.action(run(async () => (await import('./commands/rootfs.js')).runRootfsScan));

  const repo = program
    .command('repository')
    .alias('repo')
    .description('scan a git repository: a local work tree, or a URL cloned shallowly into a temporary directory')
    .argument('<path|url>', 'repository path or URL (file://, https://, ssh://, git@host:path)')
    .option('--branch <name>', 'branch to scan')
    .option('--tag <name>', 'tag to scan')
    .option('--commit <sha>', 'commit to scan');
  defineOptions(repo, [...scanOptionSpecs, ...secretOptionSpecs, ...misconfigOptionSpecs, ...licenseOptionSpecs, ...gateOptionSpecs, ...dbOptionSpecs]);
  repo.action(run(async () => (await import('./commands/repo.js')).runRepoScan));

  const sbom = program
    .command('sbom')
    .description('scan an SBOM for vulnerable packages by purl: CycloneDX JSON (1.2-1.6, also in an in-toto attestation) or SPDX 2.2/2.3 (JSON, tag-value)')
    .argument('<file>', 'SBOM file');
  defineOptions(sbom, [...scanOptionSpecs.filter((s) => !['scanners', 'skip-dirs', 'skip-files', 'include-dev-deps'].includes(s.name)), ...gateOptionSpecs, ...dbOptionSpecs]);
  sbom.action(run(async () => (await import('./commands/sbom.js')).runSbomScan));

  const convert = program
    .command('convert')
    .description('re-render a saved JSON report (picket or trivy, SchemaVersion 2) in any format, several at once with --output FORMAT=FILE')
    .argument('<report>', 'JSON report written with --format json');
  defineOptions(convert, convertOptionSpecs);
  convert.action(run(async () => (await import('./commands/convert.js')).runConvert));

  const db = program.command('db').description('build, update, inspect and move the advisory DB');
  const sourceSpecs = dbOptionSpecs.filter((s) => s.name === 'db-source' || s.name === 'offline');
  const repeatable = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];
  const dbBuild = db.command('build').description('build the advisory DB from its sources (replaces the current DB atomically)');
  defineOptions(dbBuild, sourceSpecs).option('--source <path|url>', 'same as --db-source; repeatable', repeatable);
  dbBuild.action(run(async () => (await import('./commands/db.js')).runDbBuild));
  const dbUpdate = db.command('update').description('rebuild the advisory DB when a source changed (HTTP ETag/If-Modified-Since, local mtimes)');
  defineOptions(dbUpdate, sourceSpecs).option('--source <path|url>', 'same as --db-source; repeatable', repeatable);
  dbUpdate.action(run(async () => (await import('./commands/db.js')).runDbUpdate));
  db.command('info').description('show the advisory DB: path, build time, sources, records per ecosystem')
    .option('-f, --format <format>', 'table or json (default: table)')
    .action(run(async () => (await import('./commands/db.js')).runDbInfo));
  db.command('export').description('write the advisory DB to one compressed file with its checksum')
    .argument('<file>', 'file to write (.tar.gz)')
    .action(run(async () => (await import('./commands/db.js')).runDbExport));
  db.command('import').description('install an advisory DB written by "db export" (checksum and integrity verified)')
    .argument('<file>', 'file written by "picket db export"')
    .action(run(async () => (await import('./commands/db.js')).runDbImport));

  const registryFlags = (command: Command) => command
    .option('--username <name>', 'registry user name (env: PICKET_USERNAME; else docker config.json)')
    .option('--password <password>', 'registry password or token; prefer env PICKET_PASSWORD (flags show in the process list)')
    .option('--insecure', 'allow plain http to a registry that is not on a loopback address');
  registryFlags(db.command('push').description('push the advisory DB to an OCI registry as an artifact (prints its digest)')
    .argument('<reference>', 'oci://REGISTRY/REPOSITORY:TAG'))
    .action(run(async () => (await import('./commands/db.js')).runDbPush));
  registryFlags(db.command('pull').description('install an advisory DB from an OCI registry (digest, checksum and integrity verified)')
    .argument('<reference>', 'oci://REGISTRY/REPOSITORY:TAG or @sha256:DIGEST'))
    .action(run(async () => (await import('./commands/db.js')).runDbPull));

  const clean = program.command('clean').description('remove cached data: the per-layer scan cache, the advisory DB, or everything');
  defineOptions(clean, cleanOptionSpecs);
  clean.action(run(async () => (await import('./commands/clean.js')).runClean));

  program.command('version').description('print the version').action(() => {
    process.stdout.write(`Version: ${picketVersion()}\nCommit: ${picketBuildInfo().commit}\n`);
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, argv);
  }
}

function reportError(err: unknown, argv: string[]): number {
  if (err instanceof CommanderError) {
    // commander already printed its one-line message (or the help/version text).
    return err.exitCode === 0 ? 0 : 2;
  }
  const debug = argv.includes('--debug') || argv.includes('-d') || /^(1|true)$/i.test(process.env.PICKET_DEBUG ?? '');
  if (err instanceof UserError) {
    process.stderr.write(`picket: ${err.message}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`picket: internal error: ${message}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 1;
}
