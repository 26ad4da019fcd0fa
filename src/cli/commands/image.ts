import { imageOptionSpecs } from '../../config/options.js';
import { skippedPathFilter } from '../../target/glob.js';
import { imageTarget } from '../../target/image/image-target.js';
import { openImage } from '../../target/image/open-image.js';
import { runScanCommand } from '../scan-command.js';
import { setUpScanners } from '../scanner-analyzers.js';
import { picketVersion } from '../version.js';

/**
 * `picket image [REF] [--input PATH]`: a container image from the Docker engine, podman, a
 * registry, or a file; analyzed layer by layer with per-layer facts kept in the scan cache.
 */
export async function runImageScan(reference: string | undefined, flags: Record<string, unknown>): Promise<number> {
  return runScanCommand(flags, async (values, logger, cacheDir) => {
    const str = (name: string) => values[name] as string | undefined;
    const source = await openImage(reference, {
      ...(str('input') !== undefined ? { input: str('input')! } : {}),
      sources: values['image-src'] as string[],
      ...(str('platform') ? { platform: str('platform')! } : {}),
      ...(str('docker-host') ? { dockerHost: str('docker-host')! } : {}),
      ...(str('podman-host') ? { podmanHost: str('podman-host')! } : {}),
      ...(str('username') !== undefined ? { username: str('username')! } : {}),
      ...(str('password') !== undefined ? { password: str('password')! } : {}),
      ...(str('registry-token') !== undefined ? { registryToken: str('registry-token')! } : {}),
      insecure: values.insecure === true,
      userAgent: `picket/${picketVersion()}`,
      cacheDir,
      onDebug: (m) => logger.debug(m),
    });
    logger.debug(`image ${source.name}: ${source.layers.length} layers from ${source.kind}, config ${source.imageId}`);
    const skip = [...(values['skip-dirs'] as string[]), '|', ...(values['skip-files'] as string[])].join(',');
    const cache = await openLayerCache(cacheDir, (m) => logger.warn(m));
    // Secrets in the config (ENV, history) whenever secrets are scanned; history as a Dockerfile on request.
    const configScanners = [...new Set([...(values['image-config-scanners'] as string[]), ...((values.scanners as string[]).includes('secret') ? ['secret'] : [])])];
    const { extraAnalyzers: configAnalyzers } = configScanners.length > 0 ? await setUpScanners(configScanners, values, logger, false) : { extraAnalyzers: [] };
    return {
      target: imageTarget(source, {
        ...(cache ? { cache } : {}),
        cacheSalt: skip,
        configAnalyzers,
        skip: skippedPathFilter(values['skip-dirs'] as string[], values['skip-files'] as string[]),
      }),
      cleanup: async () => {
        cache?.close();
        await source.close();
      },
    };
  }, imageOptionSpecs);
}

/** The scan cache, or none when it cannot be opened (the scan goes on without it). */
async function openLayerCache(cacheDir: string, warn: (m: string) => void) {
  const { openScanCache, scanCacheLimitFromEnv } = await import('../../cache/scan-cache.js');
  return openScanCache(cacheDir, { maxBytes: scanCacheLimitFromEnv(), onWarning: warn });
}
