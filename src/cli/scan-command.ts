import { dbOptionSpecs, misconfigOptionSpecs, scanOptionSpecs, secretOptionSpecs, type OptionSpec, type OptionValues } from '../config/options.js';
import { setUpScanners } from './scanner-analyzers.js';
import { openStoreFromOptions } from './open-store.js';
import { gateOptionSpecs } from '../config/gate-options.js';
import { licenseOptionSpecs } from '../config/license-options.js';
import { loadSettings } from './settings.js';
import { activeIgnoredIds, loadIgnoreFile } from '../report/ignore-file.js';
import { countFindings, gateExitCode, type SuppressionOptions } from '../report/filter.js';
import { loadVexDocuments } from '../report/vex/load-vex.js';
import { readReport } from './commands/convert.js';
import { parseOutputs, writeOutputs } from '../report/writers/outputs.js';
import { loadTemplate } from '../report/writers/template.js';
import type { CycloneDxVersion } from '../report/writers/types.js';
import { scanTarget } from '../scan.js';
import type { SortOrder } from '../report/sort-order.js';
import type { Severity } from '../detector/vuln/severity.js';
import type { Target } from '../target/types.js';
import type { LayeredTarget } from '../target/image/image-target.js';
import type { Logger } from './logger.js';
import { picketVersion } from './version.js';
import { UserError } from '../errors.js';
import { keepPackageTypes } from '../report/package-types.js';

/** Formats that are inventories: they need every package, not only vulnerable ones. */
const SBOM_FORMATS = new Set(['cyclonedx', 'spdx', 'spdx-json', 'github']);

export interface OpenedTarget {
  target: Target | LayeredTarget;
  /** Removes what opening made (a clone, an unpacked image); called whatever happens. */
  cleanup?: () => Promise<void>;
}

/**
 * What every scanning command does once it has a target: resolve options, scan, filter, write
 * the report, and exit with --exit-code when findings remain.
 */
export async function runScanCommand(
  flags: Record<string, unknown>,
  openTarget: (values: OptionValues, logger: Logger, cacheDir: string) => Promise<OpenedTarget>,
  extraSpecs: OptionSpec[] = [],
  /** Commands that scan for one thing only (`picket config`: misconfig) fix the scanners. */
  fixedScanners?: string[],
): Promise<number> {
  const specs = [...scanOptionSpecs, ...secretOptionSpecs, ...misconfigOptionSpecs, ...licenseOptionSpecs, ...dbOptionSpecs, ...gateOptionSpecs, ...extraSpecs];
  const { values, logger, dbDir, cacheDir } = await loadSettings(flags, fixedScanners ? specs.filter((s) => s.name !== 'scanners') : specs);
  const ignorefile = values.ignorefile as string;
  const ignoreRules = await loadIgnoreFile(ignorefile, ignorefile !== '.trivyignore');
  // Bad --format / --output values fail before any work is done.
  const outputs = parseOutputs(values.format as string, undefined, (values.output as string[] | undefined) ?? []);
  const template = values.template ? await loadTemplate(values.template as string) : undefined;
  if (outputs.some((o) => o.format === 'template') && template === undefined) throw new UserError('--format template needs --template TEXT or --template @FILE');
  // SBOM formats list every package, as trivy does.
  const sbom = outputs.some((o) => SBOM_FORMATS.has(o.format));
  const scanners = fixedScanners ?? (values.scanners as string[]);
  if (scanners.length === 0) throw new UserError('--scanners is empty: give vuln, secret, misconfig or license');
  const { scanPackages, matchVulnerabilities, licensePolicy, misconfig, extraAnalyzers } = await setUpScanners(scanners, values, logger, flags['secret-config'] !== undefined || process.env.PICKET_SECRET_CONFIG !== undefined);
  const timeoutMs = values.timeout as number;

  const opened = await openTarget(values, logger, cacheDir);
  let report;
  try {
    report = await withTimeout(timeoutMs, scanTarget(opened.target, {
      includeDevDeps: values['include-dev-deps'] as boolean,
      // The dependency tree needs the package graph, which only listed packages carry.
      listAllPackages: (values['list-all-pkgs'] as boolean) || sbom || (values['dependency-tree'] as boolean && outputs.some((o) => o.format === 'table')),
      sortBy: values['sort-by'] as SortOrder,
      severities: values.severity as Severity[],
      ignoreUnfixed: values['ignore-unfixed'] as boolean,
      ignoredIds: activeIgnoredIds(ignoreRules),
      // VEX, ignore-file entries with paths or purls, the baseline: scan.ts hands them to filterReport.
      ...{ suppress: await suppressionOptions(values, ignoreRules, logger) },
      version: picketVersion(),
      onWarning: (m) => logger.warn(m),
      onDebug: (m) => logger.debug(m),
      scanPackages,
      extraAnalyzers,
      matchVulnerabilities,
      ...(licensePolicy ? { licensePolicy } : {}),
      ...(misconfig ? { misconfig } : {}),
      openStore: () => openStoreFromOptions(values, logger, dbDir),
    }));
  } finally {
    await opened.cleanup?.();
  }

  keepPackageTypes(report, values['pkg-types'] as string[]);

  const color = outputs.some((o) => !o.path) && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  await writeOutputs(report, outputs, {
    color,
    dependencyTree: values['dependency-tree'] as boolean,
    ...(template !== undefined ? { template } : {}),
    cyclonedxVersion: values['cyclonedx-version'] as CycloneDxVersion,
    appVersion: picketVersion(),
  });

  logger.debug(`${countFindings(report)} findings after filtering`);
  const code = (name: string) => (values[name] as number | undefined) ?? 0;
  return gateExitCode(report, {
    any: code('exit-code'),
    vuln: code('exit-code-vuln'),
    secret: code('exit-code-secret'),
    misconfig: code('exit-code-misconfig'),
    license: code('exit-code-license'),
    eol: code('exit-on-eol'),
  });
}

/** What filterReport takes out besides severities and ids: VEX (--vex), the ignore file's rules, --baseline. */
async function suppressionOptions(values: OptionValues, ignoreRules: SuppressionOptions['ignoreRules'], logger: Logger): Promise<SuppressionOptions> {
  const baseline = values.baseline as string | undefined;
  return {
    ...(ignoreRules?.length ? { ignoreRules } : {}),
    vex: await loadVexDocuments((values.vex as string[] | undefined) ?? [], (m) => logger.warn(m)),
    ...(baseline ? { baseline: await readReport(baseline) } : {}),
    showSuppressed: values['show-suppressed'] === true,
    onWarning: (m) => logger.warn(m),
    onInfo: (m) => logger.info(m),
  };
}

/** Rejects when the work takes longer than `ms` (0 = no limit); the process then exits. */
function withTimeout<T>(ms: number, work: Promise<T>): Promise<T> {
  if (!ms) return work;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UserError(`scan timed out after ${formatDuration(ms)}: give it longer with --timeout`)), ms);
    timer.unref();
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

function formatDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

