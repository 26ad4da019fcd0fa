import { openSbomTarget } from '../../target/sbom/sbom-target.js';
import type { LayeredTarget } from '../../target/image/image-target.js';
import { runScanCommand } from '../scan-command.js';

/**
 * `picket sbom FILE`: the packages a CycloneDX (JSON, 1.2-1.6, also in an in-toto attestation)
 * or SPDX 2.2/2.3 (JSON, tag-value) SBOM lists, matched against the advisory DB by purl. An SBOM
 * that picket (or trivy) wrote gives the same packages and findings as the scan it came from.
 */
export async function runSbomScan(path: string, flags: Record<string, unknown>): Promise<number> {
  return runScanCommand(flags, async () => {
    const target = await openSbomTarget(path);
    // The scan treats any target that analyzes itself alike; only its artifact type differs from an image's.
    return { target: target as unknown as LayeredTarget };
  }, [], ['vuln']);
}
