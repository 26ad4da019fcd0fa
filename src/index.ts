/** Library entry: run picket's pipeline from code. */
export { scanFilesystem, scanTarget, type ScanOptions } from './scan.js';
export { buildDatabase } from './db/build.js';
export { AdvisoryStore } from './db/store.js';
export { isAffected, isAffectedIn } from './detector/vuln/osv-range.js';
export { compareVersions, schemeForEcosystem, supportedEcosystems, type VersionScheme } from './version/index.js';
export type { Report, Result, DetectedVulnerability } from './report/model.js';
