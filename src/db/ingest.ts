import { deflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import type { OsvAffected, OsvRange, OsvRecord } from './osv-types.js';
import { normalizePackageName } from './package-name.js';
import type { SourceDocument } from './sources/input.js';
import { converterFor } from './sources/registry.js';
import type { CveEnrichment } from './sources/types.js';

/**
 * Writes what feed converters yield into the DB being built: advisories (the newest `modified`
 * wins per id; withdrawn ones are removed) and per-CVE enrichment (merged across feeds). A
 * document or record that cannot be used is counted and reported by origin; the rest loads.
 */
export class FeedIngester {
  seen = 0;
  withdrawn = 0;
  invalid = 0;
  private readonly modifiedById = new Map<string, string>();
  /** Advisory parts by id, merged and stored by finish(). */
  private readonly parts = new Map<string, { record: OsvRecord; source: string; dataSource?: string }>();
  private readonly insertAdvisory;
  private readonly insertAffected;
  private readonly insertVersions;
  private readonly deleteAdvisory;
  private readonly deleteAffected;
  private readonly deleteVersions;
  private readonly mergeEnrichment;
  private readonly countEcosystems;

  constructor(db: Database.Database, private readonly warn?: (message: string) => void) {
    this.insertAdvisory = db.prepare('INSERT OR REPLACE INTO advisory (id, modified, source, data_source, record) VALUES (?, ?, ?, ?, ?)');
    this.insertAffected = db.prepare('INSERT OR REPLACE INTO affected (ecosystem, name, advisory_id, seq, data) VALUES (?, ?, ?, ?, ?)');
    this.insertVersions = db.prepare('INSERT OR REPLACE INTO affected_versions (ecosystem, name, advisory_id, seq, versions) VALUES (?, ?, ?, ?, ?)');
    this.deleteAdvisory = db.prepare('DELETE FROM advisory WHERE id = ?');
    this.deleteAffected = db.prepare('DELETE FROM affected WHERE advisory_id = ?');
    this.deleteVersions = db.prepare('DELETE FROM affected_versions WHERE advisory_id = ?');
    this.mergeEnrichment = db.prepare(
      'INSERT INTO cve_enrichment (cve, data) VALUES (?, ?) ON CONFLICT (cve) DO UPDATE SET data = json_patch(data, excluded.data)',
    );
    this.countEcosystems = db.prepare(
      "SELECT CASE WHEN instr(ecosystem, ':') > 0 THEN substr(ecosystem, 1, instr(ecosystem, ':') - 1) ELSE ecosystem END AS eco, count(DISTINCT advisory_id) AS n FROM affected GROUP BY eco ORDER BY eco",
    );
  }

  document(doc: SourceDocument, source: string): void {
    const converter = converterFor(doc.path);
    if (!converter) return;
    const context = {
      warn: (message: string) => {
        this.invalid++;
        this.warn?.(message);
      },
    };
    try {
      for (const item of converter.convert(doc, context)) {
        this.seen++;
        if (item.kind === 'enrichment') this.enrichment(item.cve, item.data);
        else if (item.part) this.part(item.record, source, item.dataSource);
        else this.advisory(item.record, source, item.dataSource);
      }
    } catch (err) {
      const reason = err instanceof SyntaxError ? `not valid ${/\.ya?ml$/i.test(doc.path) ? 'YAML' : 'JSON'} (${err.message})` : (err as Error).message;
      context.warn(`${doc.origin}: ${reason}`);
    }
  }

  private advisory(record: OsvRecord, source: string, dataSource: string | undefined): void {
    if (record.withdrawn) {
      this.withdrawn++;
      if (this.modifiedById.has(record.id)) this.remove(record.id);
      return;
    }
    const previous = this.modifiedById.get(record.id);
    if (previous !== undefined && previous >= record.modified) return;
    if (previous !== undefined) this.deleteEntries(record.id);
    this.modifiedById.set(record.id, record.modified);
    this.insertAdvisory.run(record.id, record.modified, source, dataSource ?? null, deflateRawSync(JSON.stringify(record)));
    record.affected?.forEach((affected, seq) => {
      const pkg = affected.package;
      if (!pkg || typeof pkg.ecosystem !== 'string' || typeof pkg.name !== 'string') return;
      const name = normalizePackageName(pkg.ecosystem, pkg.name);
      const versions = Array.isArray(affected.versions) ? affected.versions.filter((v) => typeof v === 'string' && !v.includes('\n')) : [];
      this.insertAffected.run(pkg.ecosystem, name, record.id, seq, JSON.stringify(matchingData(affected, versions.length > 0)));
      if (versions.length > 0) this.insertVersions.run(pkg.ecosystem, name, record.id, seq, `\n${versions.join('\n')}\n`);
    });
  }

  private part(record: OsvRecord, source: string, dataSource: string | undefined): void {
    const merged = this.parts.get(record.id);
    if (!merged) {
      this.parts.set(record.id, { record: { ...record, affected: [...(record.affected ?? [])] }, source, dataSource });
      return;
    }
    // Feeds may carry the same entry twice (Alpine's per-package files and its partial secdb).
    const known = new Set(merged.record.affected!.map((a) => JSON.stringify(a)));
    for (const entry of record.affected ?? []) if (!known.has(JSON.stringify(entry))) merged.record.affected!.push(entry);
    if (record.modified > merged.record.modified) merged.record.modified = record.modified;
    for (const alias of record.aliases ?? []) if (!merged.record.aliases?.includes(alias)) (merged.record.aliases ??= []).push(alias);
  }

  /** Stores the merged advisory parts; call once after the last document. */
  finish(): void {
    for (const { record, source, dataSource } of this.parts.values()) this.advisory(record, source, dataSource);
    this.parts.clear();
  }

  private enrichment(cve: string, data: CveEnrichment): void {
    this.mergeEnrichment.run(cve, JSON.stringify(data));
  }

  private remove(id: string): void {
    this.modifiedById.delete(id);
    this.deleteEntries(id);
    this.deleteAdvisory.run(id);
  }

  private deleteEntries(id: string): void {
    this.deleteAffected.run(id);
    this.deleteVersions.run(id);
  }

  ecosystemCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.countEcosystems.all() as { eco: string; n: number }[]) out[row.eco] = row.n;
    return out;
  }
}

/**
 * What matching needs of an affected[] entry: its version ranges (commit ranges left out) and
 * whether it lists versions. The rest (ecosystem_specific symbols, ...) stays in the record.
 */
function matchingData(affected: OsvAffected, hasVersions: boolean): { ranges?: OsvRange[]; hasVersions?: true } {
  const ranges = (affected.ranges ?? []).filter((r) => r.type !== 'GIT').map((r) => ({ type: r.type, events: r.events }));
  return { ...(ranges.length > 0 ? { ranges } : {}), ...(hasVersions ? { hasVersions: true } : {}) };
}
