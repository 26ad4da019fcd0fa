/**
 * Where advisories come from when the user names no source: the public OSV exports, one
 * `<Ecosystem>/all.zip` per ecosystem (see osvExportEcosystems).
 */
export const DEFAULT_DB_SOURCES: readonly string[] = ['https://osv-vulnerabilities.storage.googleapis.com/'];
