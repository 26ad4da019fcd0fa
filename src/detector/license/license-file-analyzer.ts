import { posix } from 'node:path';
import type { Analyzer } from '../../analyzer/types.js';
import { classifyLicenseText } from './text-classifier.js';

/** Licence files by name: `LICENSE`, `LICENCE.md`, `COPYING`, `COPYING.LESSER`, `UNLICENSE`, `MIT-LICENSE.txt`. */
const LICENSE_FILE = /^(?:(?:[A-Za-z0-9]+[-_.])?(?:LICEN[CS]E|COPYING|UNLICENSE)(?:[-_.][A-Za-z0-9]+)*(?:\.(?:txt|md|rst))?)$/i;

/** Source files named after licences (`license.js`, `License.java`) are code. */
const CODE = /\.(?:[cm]?js|ts|tsx|json|py|go|rb|java|kt|cs|php|html?|css|ya?ml|xml|sh|c|h|rs|swift)$/i;

/** Larger files are not licence texts. */
const MAX_SIZE = 256 * 1024;

/**
 * `--license-full`: licence files anywhere in the target (outside `usr/share/doc`, which the dpkg
 * copyright analyzer reads, and `usr/share/common-licenses`, Debian's library of texts), and the
 * licences their text matches (`Class: license-file`, `Loose File License(s)` in the report).
 */
export function createLicenseFileAnalyzer(): Analyzer {
  return {
    name: 'license-file',
    version: 1,
    scope: 'any',
    wants: (info) =>
      info.size > 0 && info.size <= MAX_SIZE && LICENSE_FILE.test(posix.basename(info.path)) && !CODE.test(info.path) && !/^usr\/share\/(doc|common-licenses)\//.test(info.path),
    async analyze(input) {
      const findings = classifyLicenseText(input.content.toString('utf8'));
      return findings.length > 0 ? { licenseFiles: [{ filePath: input.path, findings }] } : {};
    },
  };
}
