import { readFile } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import { readCycloneDxVex } from './cyclonedx-vex.js';
import { readOpenVex } from './openvex.js';
import type { VexDocument } from './vex-document.js';

/**
 * Reads the `--vex` files, in order: OpenVEX (an `@context` of openvex.dev) or CycloneDX VEX
 * (`bomFormat: CycloneDX` with `vulnerabilities`). A missing, unreadable or unrecognised file is
 * a UserError naming it.
 */
export async function loadVexDocuments(paths: readonly string[], onWarning?: (message: string) => void): Promise<VexDocument[]> {
  const documents: VexDocument[] = [];
  for (const path of paths) documents.push(parseVex(await readVexFile(path), path, onWarning));
  return documents;
}

async function readVexFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read VEX ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`);
  }
}

/** A VEX document from its text; `source` names it in errors and in suppressed findings. */
export function parseVex(text: string, source: string, onWarning?: (message: string) => void): VexDocument {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError(`VEX ${source}: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UserError(`VEX ${source}: not a VEX document (a JSON object is expected)`);
  const doc = json as Record<string, unknown>;
  if (typeof doc['@context'] === 'string' && /openvex/i.test(doc['@context'])) return readOpenVex(doc, source);
  if (doc.bomFormat === 'CycloneDX') return readCycloneDxVex(doc, source, onWarning);
  if (isRecord(doc.document) && typeof doc.document.category === 'string' && /csaf/i.test(doc.document.category)) {
    throw new UserError(`VEX ${source}: CSAF VEX is not read yet (OpenVEX and CycloneDX VEX are)`);
  }
  throw new UserError(`VEX ${source}: neither OpenVEX (an "@context" of https://openvex.dev/ns) nor CycloneDX VEX ("bomFormat": "CycloneDX")`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
