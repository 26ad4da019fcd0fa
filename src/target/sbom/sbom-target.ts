import { readFile } from 'node:fs/promises';
import type { Analyzer } from '../../analyzer/types.js';
import type { Facts } from '../../analyzer/run.js';
import { UserError } from '../../errors.js';
import type { LayeredAnalyzeOptions } from '../image/image-target.js';
import { readCycloneDx } from './cyclonedx.js';
import { sbomFacts } from './sbom-facts.js';
import type { SbomDocument } from './sbom-document.js';
import { readSpdx, type SpdxInput } from './spdx-json.js';
import { parseSpdxTagValue } from './spdx-tag-value.js';

/**
 * An SBOM as a scan target: like an image, it yields facts directly (the packages it lists)
 * rather than files for the analyzers, which it does not run. The report's `ArtifactType` is
 * `cyclonedx` or `spdx`, its `ArtifactName` the file as given.
 */
export interface SbomTarget {
  kind: 'layered';
  name: string;
  artifactType: 'cyclonedx' | 'spdx';
  contents: 'installed';
  metadata: Record<string, unknown>;
  analyze(analyzers: readonly Analyzer[], options: LayeredAnalyzeOptions): Promise<Facts>;
}

/**
 * Reads a CycloneDX JSON (also inside an in-toto attestation, as `cosign attest` writes it) or
 * SPDX 2.x SBOM (JSON or tag-value). A file that is none of these, or is malformed, is a
 * UserError naming the file.
 */
export async function openSbomTarget(path: string): Promise<SbomTarget> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read SBOM ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`);
  }
  const doc = readSbomText(text.replace(/^\uFEFF/, ''), path);
  const { facts, metadata, notScanned } = sbomFacts(doc, path);
  return {
    kind: 'layered',
    name: path,
    artifactType: doc.format,
    contents: 'installed',
    metadata,
    async analyze(_analyzers, options) {
      const packages = facts.applications.reduce((n, a) => n + a.packages.length, 0) + facts.osPackages.reduce((n, s) => n + s.packages.length, 0);
      options.onDebug?.(`${path}: ${doc.format} SBOM, ${packages} packages${facts.os ? `, OS ${facts.os.family} ${facts.os.name}` : ''}`);
      if (notScanned.size > 0) {
        const why = [...notScanned].map(([reason, n]) => `${n} (${reason})`).join(', ');
        if (packages === 0) options.onWarning?.(`${path}: no component can be matched against advisories: ${why}`);
        else options.onDebug?.(`${path}: components not scanned: ${why}`);
      }
      return facts;
    },
  };
}

/** Parses SBOM text by its content (not its file name). */
export function readSbomText(text: string, file: string): SbomDocument {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return readSbomJson(parseJson(trimmed, file), file);
  if (/^SPDXVersion:/m.test(trimmed) && !trimmed.startsWith('<')) return readSpdx(parseSpdxTagValue(text, file), file);
  if (trimmed.startsWith('<')) throw new UserError(`${file}: XML SBOMs (CycloneDX XML, SPDX RDF) are not read: give the JSON form`);
  throw new UserError(`${file}: not an SBOM picket reads (CycloneDX JSON, SPDX JSON or SPDX tag-value)`);
}

function readSbomJson(json: unknown, file: string): SbomDocument {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UserError(`${file}: not an SBOM (a JSON ${Array.isArray(json) ? 'list' : typeof json}, not an object)`);
  const doc = json as Record<string, unknown>;
  if (doc.bomFormat === 'CycloneDX') return readCycloneDx(doc, file);
  if (typeof doc.spdxVersion === 'string') return readSpdx(doc as SpdxInput, file);
  // An in-toto attestation, bare or in its DSSE envelope, with a CycloneDX predicate.
  const statement = doc.payloadType === 'application/vnd.in-toto+json' && typeof doc.payload === 'string'
    ? parseJson(Buffer.from(doc.payload, 'base64').toString('utf8'), `${file} (attestation payload)`)
    : doc;
  if (typeof statement === 'object' && statement !== null && 'predicate' in statement) {
    const { predicateType, predicate } = statement as { predicateType?: unknown; predicate?: unknown };
    if (typeof predicateType === 'string' && /cyclonedx/i.test(predicateType) && typeof predicate === 'object' && predicate !== null) {
      return readSbomJson(predicate, file);
    }
    throw new UserError(`${file}: an attestation of ${JSON.stringify(predicateType ?? null)}, not of a CycloneDX SBOM`);
  }
  if (typeof doc['@context'] === 'string' && /spdx/i.test(doc['@context']) || Array.isArray(doc['@graph'])) throw new UserError(`${file}: SPDX 3 documents are not read (SPDX 2.2 and 2.3 are)`);
  if (typeof doc['@context'] === 'string' && /openvex/i.test(doc['@context'])) throw new UserError(`${file}: an OpenVEX document, not an SBOM: give it with --vex`);
  throw new UserError(`${file}: JSON without "bomFormat": "CycloneDX" or "spdxVersion": not an SBOM picket reads`);
}

/** JSON, or the first line of JSON lines (an in-toto `.jsonl` bundle). */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const first = text.split(/\r?\n/).find((l) => l.trim() !== '');
    if (first !== undefined && first.length < text.trim().length) {
      try {
        return JSON.parse(first);
      } catch {
        // report the error of the whole text
      }
    }
    throw new UserError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
}
