import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { scanJobOptionSpecs } from '../../config/operator-options.js';
import { UserError } from '../../errors.js';
import type { ImageScanUnit } from '../../k8s/image-plan.js';
import { skippedPathFilter } from '../../target/glob.js';
import { loadSettings } from '../settings.js';
import { setUpScanners } from '../scanner-analyzers.js';
import { picketVersion } from '../version.js';


/**
 * `picket operator scan-job`: what a scan Job runs. Reads the image to scan (and the logins it
 * may pull with) from PICKET_SCAN_UNIT and its token from PICKET_SCAN_TOKEN (both from the Job's
 * Secret), pulls and analyzes the image, and posts the facts to the operator; a failure is posted
 * too (the operator logs it and retries) and exits 1.
 */
export async function runScanJob(flags: Record<string, unknown>): Promise<number> {
  const { values, logger, cacheDir } = await loadSettings(flags, scanJobOptionSpecs);
  const resultUrl = values['result-url'] as string | undefined;
  if (!resultUrl) throw new UserError('--result-url is required');
  const unitText = process.env.PICKET_SCAN_UNIT;
  const token = process.env.PICKET_SCAN_TOKEN;
  if (!unitText || !token) throw new UserError('PICKET_SCAN_UNIT and PICKET_SCAN_TOKEN must be set (the operator\'s Job sets them from its Secret)');
  let unit: ImageScanUnit;
  try {
    unit = { ...(JSON.parse(unitText) as Omit<ImageScanUnit, 'uses'>), uses: [] };
  } catch {
    throw new UserError('PICKET_SCAN_UNIT is not JSON');
  }
  const post = async (body: unknown) => {
    const response = await fetch(resultUrl, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new UserError(`the operator refused the result: HTTP ${response.status}`);
  };
  const scanners = values.scanners as string[];
  try {
    const { scanPackages, extraAnalyzers } = await setUpScanners(scanners, values, logger, flags['secret-config'] !== undefined);
    const tempDir = join(cacheDir, 'tmp');
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    const { withUnitImage } = await import('../../k8s/image-scanner.js');
    const { recordImageFacts } = await import('../../operator/image-facts.js');
    const { analyzersFor } = await import('../../scan.js');
    const facts = await withUnitImage(unit, {
      insecure: values.insecure === true,
      userAgent: `picket/${picketVersion()}`,
      onDebug: (m) => logger.debug(m),
      tempDir,
      skip: skippedPathFilter(values['skip-dirs'] as string[], values['skip-files'] as string[]),
      configAnalyzers: extraAnalyzers,
    }, (target) => recordImageFacts(target, analyzersFor('installed', { scanPackages, extraAnalyzers }), { onWarning: (m) => logger.warn(m), onDebug: (m) => logger.debug(m) }));
    await post({ facts });
    logger.info(`scan job: ${unit.displayName} (${unit.digest}) analyzed`);
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await post({ error: message }).catch(() => {});
    throw err;
  }
}
