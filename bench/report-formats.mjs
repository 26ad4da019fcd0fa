// Cost of writing every report format from one scan, against writing JSON alone (issue 8: <= 1.5x).
// The scan: a generated package-lock.json (v3) with 2,000 packages, a dependency graph, licences
// and real npm advisories (../shared/db-seed/osv/ghsa-npm), run in process with every package
// listed (as `--format cyclonedx` does). Then: scan + JSON to a file, versus scan + all formats
// to files in one run (writeOutputs). Also prints render time per format. Then the same as users
// run it: `picket sbom` on the scan's CycloneDX SBOM (2,000 packages) as a process, writing JSON
// alone versus every format (`-o FORMAT=FILE` for each) — wall time of the whole command.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// PICKET_DIST picks the compiled tree to measure (default: ../dist), e.g. a private `tsc --outDir`
// (give that directory a node_modules link to the project's so its imports resolve).
const dist = process.env.PICKET_DIST ? pathToFileURL(`${process.env.PICKET_DIST.replace(/\/$/, '')}/`).href : new URL('../dist/', import.meta.url).href;
const { buildDatabase } = await import(new URL('db/build.js', dist).href);
const { AdvisoryStore } = await import(new URL('db/store.js', dist).href);
const { scanFilesystem } = await import(new URL('scan.js', dist).href);
const { formatNames, loadWriter } = await import(new URL('report/writers/registry.js', dist).href);
const { writeOutputs } = await import(new URL('report/writers/outputs.js', dist).href);

const PACKAGES = 2000;
const shared = fileURLToPath(new URL('../../shared/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'picket-bench-formats-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
try {
  // Advisories for names that exist in GHSA: use them so the report has findings.
  const ghsaDir = join(shared, 'db-seed/osv/ghsa-npm');
  const vulnerable = [];
  for (const f of readdirSync(ghsaDir).filter((name) => name.endsWith('.json'))) {
    const rec = JSON.parse(readFileSync(join(ghsaDir, f), 'utf8'));
    for (const a of rec.affected ?? []) {
      const intro = a.ranges?.[0]?.events?.find((e) => e.introduced)?.introduced;
      if (a.package?.ecosystem === 'npm' && intro && /^\d+\.\d+\.\d+$/.test(intro)) vulnerable.push([a.package.name, intro]);
    }
  }
  const dbDir = join(work, 'db');
  await buildDatabase({ dbDir, sources: [ghsaDir] });

  const packages = { '': { name: 'bench-app', version: '1.0.0', dependencies: {} } };
  const names = [];
  for (let i = 0; i < PACKAGES; i++) {
    const [name, version] = i < vulnerable.length ? vulnerable[i] : [`bench-pkg-${i}`, `1.${i % 50}.${i % 7}`];
    if (names.some((n) => n[0] === name)) { names.push([`bench-pkg-${i}`, '1.0.0']); continue; }
    names.push([name, version]);
  }
  names.forEach(([name, version], i) => {
    const deps = {};
    for (const j of [i * 2 + 1, i * 2 + 2]) if (j < names.length) deps[names[j][0]] = names[j][1];
    packages[`node_modules/${name}`] = { version, license: i % 3 ? 'MIT' : 'Apache-2.0 OR MIT', ...(Object.keys(deps).length ? { dependencies: deps } : {}) };
    if (i < 20) packages[''].dependencies[name] = version;
  });
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', lockfileVersion: 3, packages }, null, 2));

  const outDir = join(work, 'out');
  mkdirSync(outDir);
  const store = AdvisoryStore.open(dbDir);
  const scan = () => scanFilesystem(project, { openStore: async () => store, version: 'bench', listAllPackages: true });
  const template = '{{ range . }}{{ range .Vulnerabilities }}{{ .VulnerabilityID }},{{ .PkgName }},{{ .Severity }}\n{{ end }}{{ end }}';
  const options = { color: false, template };
  const jsonOnly = [{ format: 'json', path: join(outDir, 'r.json') }];
  const all = formatNames.map((format) => ({ format, path: join(outDir, `r.${format}`) }));

  const runs = Number(process.env.BENCH_RUNS ?? 7);
  const withJson = [];
  const withAll = [];
  const scans = [];
  let report;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    report = await scan();
    scans.push(performance.now() - t);
    await writeOutputs(report, jsonOnly, options);
    withJson.push(performance.now() - t);
    t = performance.now();
    report = await scan();
    await writeOutputs(report, all, options);
    withAll.push(performance.now() - t);
  }
  store.close();
  const pkgs = report.Results.reduce((n, r) => n + (r.Packages?.length ?? 0), 0);
  const vulns = report.Results.reduce((n, r) => n + (r.Vulnerabilities?.length ?? 0), 0);
  const perFormat = [];
  for (const format of formatNames) {
    const writer = await loadWriter(format);
    const times = [];
    let size = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      size = writer.render(report, options).length;
      times.push(performance.now() - t);
    }
    perFormat.push(`${format} ${median(times).toFixed(1)} ms (${(size / 1024).toFixed(0)} KiB)`);
  }
  const j = median(withJson);
  const a = median(withAll);
  console.log(`report formats: scan of ${pkgs} packages (${vulns} findings) ${median(scans).toFixed(0)} ms; render per format: ${perFormat.join(', ')}`);
  console.log(`report formats, in process: scan + json ${j.toFixed(0)} ms; scan + all ${formatNames.length} formats ${a.toFixed(0)} ms; ratio ${(a / j).toFixed(2)}x (${runs} runs, medians)`);

  // The command as users run it, on an SBOM of those packages: one process per run.
  const sbom = join(work, 'sbom.cdx.json');
  writeFileSync(sbom, (await loadWriter('cyclonedx')).render(report, options));
  writeFileSync(join(work, 'list.tpl'), template);
  const cli = (outputs) => {
    const args = ['sbom', sbom, '--cache-dir', work, '--skip-db-update', '-q', '--template', `@${join(work, 'list.tpl')}`, '-f', 'json', '-o', join(outDir, 'cli.json'), ...outputs.flatMap((f) => ['-o', `${f}=${join(outDir, `cli.${f}`)}`])];
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(new URL('cli/main.js', dist).href)}); process.exitCode = await main(process.argv.slice(1));`, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`picket ${args.join(' ')}: ${r.stderr}`);
    return performance.now() - t;
  };
  cli([]);
  const cliJson = [];
  const cliAll = [];
  for (let i = 0; i < runs; i++) {
    cliJson.push(cli([]));
    cliAll.push(cli(formatNames.filter((f) => f !== 'json')));
  }
  const cj = median(cliJson);
  const ca = median(cliAll);
  console.log(`report formats, the command (picket sbom, ${pkgs} packages): json alone ${cj.toFixed(0)} ms; all ${formatNames.length} formats ${ca.toFixed(0)} ms; ratio ${(ca / cj).toFixed(2)}x (target <= 1.5x; ${runs} runs, medians)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
