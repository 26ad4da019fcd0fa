/**
 * The picket advisory DB: one SQLite file, OSV records as they came, plus an index of affected
 * packages. Bump SCHEMA_VERSION whenever a table changes; an older file is rebuilt, never misread.
 */
export const SCHEMA_VERSION = 6; // 6: NuGet names keyed in lower case

export const DB_FILE_NAME = 'picket.db';

export const createSchemaSql = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per OSV record (withdrawn records are not stored); record is the JSON, deflated.
-- source is where it was read from; data_source the database findings cite (DataSource.ID),
-- NULL when it follows from the id (GHSA-, GO-, ...).
CREATE TABLE advisory (
  id          TEXT PRIMARY KEY,
  modified    TEXT NOT NULL,
  source      TEXT NOT NULL,
  data_source TEXT,
  record      BLOB NOT NULL
);

-- Facts about a CVE that are not advisories (CISA KEV, EPSS, CVSS enrichment), one JSON object
-- per CVE merged across feeds (see CveEnrichment).
CREATE TABLE cve_enrichment (
  cve  TEXT PRIMARY KEY,
  data TEXT NOT NULL
) WITHOUT ROWID;

-- One row per affected[] entry: ecosystem is the OSV ecosystem as written (e.g. "npm", "Debian:12"),
-- name is normalised for the ecosystem, data is what matching needs: {"ranges": [...] (no GIT
-- ranges), "hasVersions": true when the entry lists versions}. Small rows keep lookups fast;
-- everything else of the entry stays in the advisory record.
CREATE TABLE affected (
  ecosystem   TEXT NOT NULL,
  name        TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  data        TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name, advisory_id, seq)
) WITHOUT ROWID;

-- The explicit versions lists of affected[] entries (PyPI lists every affected release), one row
-- per entry: versions joined by newlines, with a newline before the first and after the last,
-- so "is this version listed" is instr(versions, char(10) || v || char(10)).
CREATE TABLE affected_versions (
  ecosystem   TEXT NOT NULL,
  name        TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  versions    TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name, advisory_id, seq)
) WITHOUT ROWID;
`;

/** Keys of the meta table. */
export const MetaKey = {
  schemaVersion: 'schema_version',
  builtAt: 'built_at',
  sources: 'sources',
  /** JSON list, one per source: what `db update` compares to decide whether to rebuild. */
  sourceFingerprints: 'source_fingerprints',
  ecosystemCounts: 'ecosystem_counts',
  advisoryCount: 'advisory_count',
  withdrawnSkipped: 'withdrawn_skipped',
  /** JSON: exact ecosystem -> rows in `affected` (lets lookups choose batch or whole-ecosystem reads). */
  affectedRows: 'affected_rows',
} as const;
