import type { Analyzer } from '../types.js';
import { splitDebianLicense } from '../../detector/license/split.js';
import { normalizeLicenseText } from '../../detector/license/normalize.js';
import { classifyLicenseText } from '../../detector/license/text-classifier.js';

/**
 * dpkg keeps no licence in its database; Debian packages ship `usr/share/doc/<package>/copyright`.
 * Its licences, normalised to SPDX (`GPL-2+` → `GPL-2.0-or-later`, `Expat` → `MIT`), come from:
 *
 * - the machine-readable format (copyright-format 1.0): every `License:` field's first line
 *   (`GPL-1+ or Artistic, and BSD-4-clause-POWERDOG` → `GPL-1.0-or-later OR Artistic-2.0`,
 *   `BSD-4-clause-POWERDOG`), as trivy reads them;
 * - else the references to `/usr/share/common-licenses/<name>` free-form files make;
 * - else the licence texts the file quotes (the MIT grant, the BSD clauses, GNU notices).
 *
 * The package is the directory name (`usr/share/doc/zlib1g/copyright` → `zlib1g`).
 */
export const dpkgCopyrightAnalyzer: Analyzer = {
  name: 'dpkg-license',
  version: 1,
  scope: 'installed',
  wants: (info) => /^usr\/share\/doc\/[^/]+\/copyright$/.test(info.path),
  async analyze(input) {
    const licenses = copyrightLicenses(input.content.toString('utf8'));
    if (licenses.length === 0) return {};
    const packageName = input.path.split('/')[3];
    return { packageLicenses: [{ manager: 'dpkg', packageName, filePath: input.path, licenses }] };
  },
};

const COMMON_LICENSE = /\/?usr\/share\/common-licenses\/([0-9A-Za-z_.+-]+[0-9A-Za-z+])/g;

/**
 * A `License:` line of a free-form file that starts a licence text rather than naming one
 * (`License: Permission is hereby granted ...`); trivy's keywords for licence texts.
 */
function isProse(value: string): boolean {
  return /https?:\/\/|\(c\)|as-is|;|hereby|permission (to use|is)|use in source|use, copy, modify|\busing\b|redistribution/i.test(value) || value.split(/\s+/).length > 12;
}

/** The licences a Debian copyright file names (see dpkgCopyrightAnalyzer), each once, in file order. */
export function copyrightLicenses(text: string): string[] {
  const fromFields: string[] = [];
  const add = (list: string[], values: string[]) => {
    for (const v of values) if (!list.includes(v)) list.push(v);
  };
  for (const m of text.matchAll(/^License:[ \t]*(.*)$/gim)) if (!isProse(m[1])) add(fromFields, splitDebianLicense(m[1]));
  if (fromFields.length > 0) return fromFields;

  const fromReferences: string[] = [];
  for (const m of text.matchAll(COMMON_LICENSE)) add(fromReferences, [normalizeLicenseText(m[1])]);
  if (fromReferences.length > 0) return fromReferences;

  return classifyLicenseText(text).map((f) => f.name);
}
