import type { Analyzer } from '../analyzer/types.js';
import { parseReference } from '../oci/reference.js';
import type { Report } from '../report/model.js';
import { scanTarget, type ScanOptions } from '../scan.js';
import { imageTarget, type LayerFactsCache, type LayeredTarget } from '../target/image/image-target.js';
import { openRemoteImage } from '../target/image/sources/remote.js';
import type { ImageScanUnit } from './image-plan.js';
import { withLogins, type RegistryAccessOptions } from './registry-access.js';

/** Scans one image of the plan; the operator gives its own (a queue, a Job per digest). */
export type ImageScanner = (unit: ImageScanUnit) => Promise<Report>;

/** How a unit's image is opened and analyzed: registry access, the layer cache, skipped paths. */
export interface ImageOpenSetup extends RegistryAccessOptions {
  /** The per-layer cache: layers shared between images are analyzed once. */
  cache?: LayerFactsCache;
  cacheSalt?: string;
  /** Paths left out of every layer (--skip-dirs, --skip-files). */
  skip?: (path: string) => boolean;
  /** Run on the image config (the secret analyzer reads ENV and history). */
  configAnalyzers?: Analyzer[];
  /** A directory the remote source may use (it writes nothing today). */
  tempDir: string;
}

export interface ImageScannerSetup extends ImageOpenSetup {
  /** The scan options of every image (DB, filters, analyzers); `openStore` should be shared. */
  scanOptions: ScanOptions;
}

/**
 * Opens the unit's image from its registry as `picket image REF` does: by digest, for the unit's
 * platform, with the image pull secrets of the workloads that use it (then the environment's
 * credentials), trying each candidate reference in turn; `use` gets the image as a target named
 * as the first workload writes it, and the source is closed after.
 */
export async function withUnitImage<T>(unit: ImageScanUnit, setup: ImageOpenSetup, use: (target: LayeredTarget) => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (const candidate of unit.candidates) {
    const { registry } = parseReference(candidate.reference);
    try {
      const source = await withLogins(unit.displayName, registry, candidate.logins, (login) => openRemoteImage(candidate.reference, {
        tempDir: setup.tempDir,
        platform: unit.platform,
        insecure: setup.insecure,
        userAgent: setup.userAgent,
        ...(login ? { username: login.username, password: login.password } : {}),
        ...(setup.env ? { env: setup.env } : {}),
        ...(setup.onDebug ? { onDebug: setup.onDebug } : {}),
      }).catch((err: unknown) => {
        // The remote source names the credentials "--username/--password": here they came from a pull secret.
        throw login && err instanceof Error ? Object.assign(err, { message: err.message.replace(/--username\/--password/g, `image pull secret ${login.from}`) }) : err;
      }));
      setup.onDebug?.(`kubernetes: scanning ${unit.displayName} (${candidate.reference}, ${unit.platform})`);
      try {
        return await use(imageTarget({ ...source, name: unit.displayName }, {
          ...(setup.cache ? { cache: setup.cache } : {}),
          ...(setup.cacheSalt !== undefined ? { cacheSalt: setup.cacheSalt } : {}),
          ...(setup.skip ? { skip: setup.skip } : {}),
          ...(setup.configAnalyzers ? { configAnalyzers: setup.configAnalyzers } : {}),
        }));
      } finally {
        await source.close();
      }
    } catch (err) {
      lastError = err;
      if (unit.candidates.length > 1) setup.onDebug?.(`kubernetes: ${candidate.reference}: ${(err as Error).message}`);
    }
  }
  throw lastError;
}

/** The scanner `picket k8s` uses: each unit's image scanned as `picket image` would. */
export function createImageScanner(setup: ImageScannerSetup): ImageScanner {
  return (unit) => withUnitImage(unit, setup, (target) => scanTarget(target, setup.scanOptions));
}
