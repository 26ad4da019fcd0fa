import type { Analyzer, AnalyzerInput, AnalysisResult, Location } from '../../types.js';
import { ParseError } from '../../parse-error.js';

/**
 * Installed Python packages (trivy's `python-pkg`): the core metadata file of each installed
 * distribution, `<name>-<version>.dist-info/METADATA` (wheels), `<name>.egg-info/PKG-INFO`,
 * `EGG-INFO/PKG-INFO`, or `<name>.egg-info` written as a single file (setuptools).
 *
 * The file is RFC 822 style: `Field: value` headers (continued on lines that start with
 * whitespace), then a blank line and the description, which is not read. `Name` and `Version`
 * make the package; a file without both is a ParseError.
 *
 * Licenses, as trivy reads them: `License-Expression` (PEP 639) when present; else every
 * `Classifier: License :: ... :: <name>` (the bare `OSI Approved` grouping skipped); else the
 * `License` field, split into its parts (`MIT, Apache License, Version 2.0` → `MIT`,
 * `Apache License, Version 2.0`); else `file://<License-File>`.
 *
 * Location: the header block (first line to the last header line). Zipped `.egg` files are not
 * read.
 */
export const pythonPackageAnalyzer: Analyzer = {
  name: 'python-pkg',
  version: 1,
  scope: 'installed',
  wants: (info) => isPackageMetadataFile(info.path),
  analyze,
};

export function isPackageMetadataFile(path: string): boolean {
  return path.endsWith('.dist-info/METADATA') || path.endsWith('.egg-info/PKG-INFO') || path.endsWith('EGG-INFO/PKG-INFO') || path.endsWith('.egg-info');
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const { fields, location } = readHeaders(input.content.toString('utf8'));
  const name = fields.get('name')?.[0];
  const version = fields.get('version')?.[0];
  if (!name || !version) throw new ParseError(input.path, 'not Python package metadata: Name or Version is missing');
  const licenses = licensesOf(fields);
  return {
    applications: [{
      type: 'python-pkg',
      ecosystem: 'PyPI',
      purlType: 'pypi',
      filePath: input.path,
      packages: [{ id: `${name}@${version}`, name, version, locations: [location], ...(licenses.length > 0 ? { licenses } : {}) }],
    }],
  };
}

/** Header fields by lower-cased name (a field may repeat: `Classifier`), and the lines they span. */
function readHeaders(text: string): { fields: Map<string, string[]>; location: Location } {
  const fields = new Map<string, string[]>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let last: { key: string; index: number } | undefined;
  let lastLine = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') break; // end of the headers: the description follows
    if (/^[ \t]/.test(line) && last) {
      const values = fields.get(last.key)!;
      values[last.index] = `${values[last.index]} ${line.trim()}`.trim();
      lastLine = i + 1;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = fields.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    fields.set(key, values);
    last = { key, index: values.length - 1 };
    lastLine = i + 1;
  }
  return { fields, location: { startLine: 1, endLine: lastLine } };
}

function licensesOf(fields: Map<string, string[]>): string[] {
  const expression = fields.get('license-expression')?.find((v) => v !== '');
  if (expression) return [expression];
  const classifiers = (fields.get('classifier') ?? [])
    .filter((c) => c.startsWith('License :: '))
    .map((c) => c.split(' :: ').at(-1)!)
    .filter((l) => l !== 'OSI Approved');
  if (classifiers.length > 0) return classifiers;
  const license = fields.get('license')?.find((v) => v !== '');
  if (license) return splitLicenses(license);
  const file = fields.get('license-file')?.find((v) => v !== '');
  return file ? [`file://${file}`] : [];
}

/**
 * Splits a free-text License field at commas and ` and `/` or `, keeping a part that only
 * continues the previous one (`Version 2.0`, `later`) with it.
 */
function splitLicenses(license: string): string[] {
  const parts: string[] = [];
  const pieces = license.split(/(,?[_ ]+(?:or|and)[_ ]+|,[ ]*)/);
  for (let i = 0; i < pieces.length; i += 2) {
    const piece = pieces[i];
    const separator = pieces[i - 1];
    const firstWord = piece.toLowerCase().split(' ')[0];
    if (parts.length > 0 && (firstWord === 'version' || firstWord === 'ver' || firstWord === 'later')) {
      parts[parts.length - 1] += `${separator}${piece}`;
      continue;
    }
    if (piece.trim() !== '') parts.push(piece.trim());
  }
  return parts;
}
