/**
 * The names packages give licences that are not SPDX ids, and the SPDX licence each stands for.
 * Keys are written as `standardizeName()` leaves a name: upper case, `THE`/`LICENSE` words and
 * `or later`/`+` taken off, a trailing version joined with a hyphen (`GNU General Public License
 * v2 or later` → `GNU GENERAL PUBLIC-2` with `plus`). Ambiguous names map where trivy maps them
 * (`BSD` → BSD-3-Clause, `GPL` → GPL-2.0-or-later, `Apache` → Apache-2.0).
 */

export interface AliasTarget {
  id: string;
  plus?: boolean;
  exception?: string;
}

/** Names that are one licence whatever version they carry. */
export const DIRECT_ALIASES: Readonly<Record<string, AliasTarget>> = {
  EXPAT: { id: 'MIT' },
  'MIT/X11': { id: 'MIT' },
  'MIT/EXPAT': { id: 'MIT' },
  'EXPAT (MIT/X11)': { id: 'MIT' },
  'MIT-STYLE': { id: 'MIT' },
  'MIT STYLE': { id: 'MIT' },
  'MIT-LIKE': { id: 'MIT' },
  JQUERY: { id: 'MIT' },
  BOUNCY: { id: 'MIT' },
  'BOUNCY CASTLE': { id: 'MIT' },
  ISCL: { id: 'ISC' },
  WTF: { id: 'WTFPL' },
  'DO WHAT THE FUCK YOU WANT TO PUBLIC': { id: 'WTFPL' },
  'ZERO-CLAUSE BSD': { id: '0BSD' },
  'BSD ZERO CLAUSE': { id: '0BSD' },
  BSDL: { id: 'BSD-2-Clause' },
  GO: { id: 'BSD-3-Clause' },
  HSQLDB: { id: 'BSD-3-Clause' },
  "RUBY'S": { id: 'Ruby' },
  CC0: { id: 'CC0-1.0' },
  'CC0 1.0 UNIVERSAL': { id: 'CC0-1.0' },
  'CC0 1.0 UNIVERSAL (CC0 1.0) PUBLIC DOMAIN DEDICATION': { id: 'CC0-1.0' },
  'CREATIVE COMMONS ZERO': { id: 'CC0-1.0' },
  'CREATIVE COMMONS CC0': { id: 'CC0-1.0' },
  'PUBLIC DOMAIN (CC0-1.0)': { id: 'CC0-1.0' },
  'ZLIB/LIBPNG': { id: 'zlib-acknowledgement' },
  'ZLIB / LIBPNG': { id: 'zlib-acknowledgement' },
  'GPLV2+CE': { id: 'GPL-2.0', plus: true, exception: 'Classpath-exception-2.0' },
  'GPL2 W/ CPE': { id: 'GPL-2.0', exception: 'Classpath-exception-2.0' },
  'GPLV2 WITH EXCEPTIONS': { id: 'GPL-2.0', exception: 'Classpath-exception-2.0' },
  'GNU GPL V2 WITH CLASSPATH EXCEPTION': { id: 'GPL-2.0', exception: 'Classpath-exception-2.0' },
  // Debian's short names (copyright-format 1.0) that are not SPDX ids.
  'GFDL-NIV': { id: 'GFDL-1.3-no-invariants', plus: true },
  'GFDL-NIV-1.3': { id: 'GFDL-1.3-no-invariants' },
  'GFDL-NIV-1.2': { id: 'GFDL-1.2-no-invariants' },
  'PERL ARTISTIC-2': { id: 'Artistic-1.0-Perl' },
};

/**
 * Licence families: the names a family goes by, its SPDX id prefix (a version is appended:
 * `GPL` + `3` → `GPL-3.0`) and the licence a name without a version means.
 */
interface Family {
  names: string[];
  prefix: string;
  unversioned?: AliasTarget;
}

const FAMILIES: Family[] = [
  { names: ['APACHE', 'APACHE SOFTWARE', 'APACHE SOFTWARE LICENSES', 'APACHE PUBLIC', 'APACHE-STYLE', 'APACHE 2 STYLE', 'ASF', 'ASL', 'AL', 'APL'], prefix: 'Apache', unversioned: { id: 'Apache-2.0' } },
  { names: ['GPL', 'GNU GPL', 'GNU GENERAL PUBLIC', 'GENERAL PUBLIC', 'GNU PUBLIC', 'GNU GENERAL PUBLIC LIBRARY'], prefix: 'GPL', unversioned: { id: 'GPL-2.0', plus: true } },
  {
    names: ['LGPL', 'GNU LGPL', 'GNU LESSER GENERAL PUBLIC', 'GNU LESSER', 'GNU LESSER PUBLIC', 'LESSER GENERAL PUBLIC', 'GNU LIBRARY GENERAL PUBLIC',
      'LIBRARY GENERAL PUBLIC', 'GNU LIBRARY OR LESSER GENERAL PUBLIC', 'GNU GENERAL LESSER PUBLIC', 'LGPL WITH EXCEPTIONS'],
    prefix: 'LGPL', unversioned: { id: 'LGPL-2.0', plus: true },
  },
  { names: ['AGPL', 'GNU AGPL', 'GNU AFFERO GENERAL PUBLIC', 'AFFERO GENERAL PUBLIC', 'GNU AFFERO'], prefix: 'AGPL', unversioned: { id: 'AGPL-3.0' } },
  { names: ['GFDL', 'FDL', 'GNU FDL', 'GNU FREE DOCUMENTATION'], prefix: 'GFDL', unversioned: { id: 'GFDL-1.3', plus: true } },
  { names: ['MPL', 'MOZILLA PUBLIC', 'MOZILLA'], prefix: 'MPL', unversioned: { id: 'MPL-2.0' } },
  { names: ['EPL', 'ECLIPSE PUBLIC', 'ECLIPSE', 'ECLIPSE PUBLISH'], prefix: 'EPL', unversioned: { id: 'EPL-1.0' } },
  { names: ['EDL', 'ECLIPSE DISTRIBUTION'], prefix: '', unversioned: { id: 'BSD-3-Clause' } },
  { names: ['CDDL', 'COMMON DEVELOPMENT AND DISTRIBUTION'], prefix: 'CDDL', unversioned: { id: 'CDDL-1.0' } },
  { names: ['EUPL', 'EUROPEAN UNION PUBLIC', 'EU PUBLIC'], prefix: 'EUPL', unversioned: { id: 'EUPL-1.0' } },
  { names: ['AFL', 'ACADEMIC FREE'], prefix: 'AFL', unversioned: { id: 'AFL-3.0' } },
  { names: ['ARTISTIC', 'PERL ARTISTIC'], prefix: 'Artistic', unversioned: { id: 'Artistic-2.0' } },
  { names: ['BSL', 'BOOST', 'BOOST SOFTWARE'], prefix: 'BSL', unversioned: { id: 'BSL-1.0' } },
  { names: ['OSL', 'OPEN SOFTWARE'], prefix: 'OSL', unversioned: { id: 'OSL-3.0' } },
  { names: ['CPL', 'COMMON PUBLIC'], prefix: 'CPL', unversioned: { id: 'CPL-1.0' } },
  { names: ['CPAL', 'COMMON PUBLIC ATTRIBUTION'], prefix: 'CPAL', unversioned: { id: 'CPAL-1.0' } },
  { names: ['OFL', 'SIL OPEN FONT', 'SIL OFL'], prefix: 'OFL', unversioned: { id: 'OFL-1.1' } },
  { names: ['ZPL', 'ZOPE PUBLIC', 'ZOPE'], prefix: 'ZPL', unversioned: { id: 'ZPL-2.1' } },
  { names: ['NPL', 'NETSCAPE PUBLIC', 'NETSCAPE'], prefix: 'NPL', unversioned: { id: 'NPL-1.1' } },
  { names: ['UPL', 'UNIVERSAL PERMISSIVE'], prefix: 'UPL', unversioned: { id: 'UPL-1.0' } },
  { names: ['IPL', 'IBM PUBLIC'], prefix: 'IPL', unversioned: { id: 'IPL-1.0' } },
  { names: ['QPL', 'QT PUBLIC'], prefix: 'QPL', unversioned: { id: 'QPL-1.0' } },
  { names: ['PHP'], prefix: 'PHP', unversioned: { id: 'PHP-3.01' } },
  { names: ['PYTHON', 'JYTHON SOFTWARE'], prefix: 'Python', unversioned: { id: 'Python-2.0' } },
  { names: ['PSF', 'PYTHON SOFTWARE FOUNDATION'], prefix: 'PSF', unversioned: { id: 'PSF-2.0' } },
  { names: ['W3C SOFTWARE', 'W3CL'], prefix: '', unversioned: { id: 'W3C' } },
  { names: ['ZEND'], prefix: 'Zend', unversioned: { id: 'Zend-2.0' } },
];

const familyByName = new Map<string, Family>(FAMILIES.flatMap((f) => f.names.map((n) => [n, f] as const)));

/** The family a standardised name belongs to and the version it carries (`GNU GENERAL PUBLIC-3` → GPL, `3`). */
export function familyOf(key: string): { family: Family; version?: string } | undefined {
  const exact = familyByName.get(key);
  if (exact) return { family: exact };
  const m = /^(.*?)[- ](\d+(?:\.\d+)*)$/.exec(key);
  const family = m ? familyByName.get(m[1]) : undefined;
  if (!family || !m) return undefined;
  // A family that is one licence (`Eclipse Distribution License v. 1.0` is BSD-3-Clause) ignores the version.
  return family.prefix === '' ? { family } : { family, version: m[2] };
}

/**
 * BSD licences named in words (`New BSD`, `BSD 3-Clause`, `Simplified BSD`, `BSD-style`):
 * the number of clauses, when the name says nothing else.
 */
export function bsdVariant(key: string): string | undefined {
  if (!/\bBSD\b/.test(key)) return undefined;
  const rest = key.replace(/\b(BSD|NEW|MODIFIED|REVISED|SIMPLIFIED|ORIGINAL|OLD|STYLE|LIKE|VARIANT|SOFTWARE|INDIVIDUAL|CLAUSE|THREE|TWO|FOUR|BERKELEY|DISTRIBUTION|OPEN SOURCE|\d)\b/g, '').replace(/["'()*+,\-/\s]/g, '');
  if (rest !== '') return undefined;
  if (/\b(2|TWO|SIMPLIFIED)\b/.test(key)) return 'BSD-2-Clause';
  if (/\b(4|FOUR|ORIGINAL|OLD)\b/.test(key)) return 'BSD-4-Clause';
  return 'BSD-3-Clause';
}

/** Creative Commons licences named in words (`CC BY-SA 4.0`, `Creative Commons Attribution-NonCommercial 4.0 International`). */
export function creativeCommonsVariant(key: string): string | undefined {
  const m = /^(?:CC|CREATIVE COMMONS)[\s-]+(?:LICENSE[\s-]+)?(?:ATTRIBUTION|BY)((?:[\s-]+(?:NC|NON-?COMMERCIAL|SA|SHARE-?ALIKE|ND|NO-?DERIVS|NO-?DERIVATIVES))*)[\s-]*(\d\.\d)?(?:[\s-]+(?:INTERNATIONAL|UNPORTED|GENERIC)(?:[\s-]+PUBLIC)?)?(?:[\s-]+\(CC[^)]*\))?$/.exec(key);
  if (!m) return undefined;
  const parts = m[1];
  const nc = /NC|NON-?COMMERCIAL/.test(parts) ? '-NC' : '';
  const nd = /ND|NO-?DERIV/.test(parts) ? '-ND' : '';
  const sa = /SA|SHARE-?ALIKE/.test(parts) ? '-SA' : '';
  return `CC-BY${nc}${nd || sa}-${m[2] ?? '4.0'}`;
}

/** Licence URLs packages give instead of a name (Maven POMs, nuspecs, PyPI). */
const URL_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(?:spdx\.org\/licenses|opensource\.org\/licenses?)\/([A-Za-z0-9.+-]+?)(?:\.html|\.php)?$/i, (m) => m[1].replace(/-license$/i, '')],
  [/^(?:www\.)?apache\.org\/licenses\/license-(\d\.\d)(?:\.html|\.txt)?$/i, (m) => `Apache-${m[1]}`],
  [/^(?:www\.)?gnu\.org\/licenses\/(a?gpl|lgpl|fdl)-?(\d\.\d)(?:\.html|\.txt|\.en\.html)?$/i, (m) => `${m[1].toUpperCase().replace('FDL', 'GFDL')}-${m[2]}`],
  [/^(?:www\.)?gnu\.org\/licenses\/old-licenses\/(a?gpl|lgpl|fdl)-(\d\.\d)(?:\.html|\.txt|\.en\.html)?$/i, (m) => `${m[1].toUpperCase().replace('FDL', 'GFDL')}-${m[2]}`],
  [/^(?:www\.)?gnu\.org\/copyleft\/lesser(?:\.html|\.txt)?$/i, () => 'LGPL-3.0'],
  [/^(?:www\.)?gnu\.org\/copyleft\/gpl(?:\.html|\.txt)?$/i, () => 'GPL-3.0'],
  [/^(?:www\.)?mozilla\.org\/(?:en-US\/)?MPL\/(\d\.\d)\/?$/i, (m) => `MPL-${m[1]}`],
  [/^(?:www\.)?eclipse\.org\/legal\/epl-v(\d)(\d)(?:\.html)?$/i, (m) => `EPL-${m[1]}.${m[2]}`],
  [/^(?:www\.)?eclipse\.org\/legal\/epl-(\d\.\d)\/?$/i, (m) => `EPL-${m[1]}`],
  [/^creativecommons\.org\/publicdomain\/zero\/1\.0(?:\/legalcode)?\/?$/i, () => 'CC0-1.0'],
  [/^creativecommons\.org\/licenses\/(by(?:-nc)?(?:-nd|-sa)?)\/(\d\.\d)(?:\/legalcode)?\/?$/i, (m) => `CC-${m[1].toUpperCase()}-${m[2]}`],
  [/^(?:www\.)?(?:opensource\.org|mit-license\.org|rem\.mit-license\.org)\/?$/i, () => 'MIT'],
  [/^unlicense\.org\/?$/i, () => 'Unlicense'],
  [/^(?:www\.)?boost\.org\/LICENSE_1_0\.txt$/i, () => 'BSL-1.0'],
];

/** The SPDX id a licence URL stands for (without checking it exists), else undefined. */
export function licenseFromUrl(url: string): string | undefined {
  const bare = url.trim().replace(/^https?:\/\//i, '').replace(/[/#?]+$/, '');
  for (const [pattern, id] of URL_PATTERNS) {
    const m = pattern.exec(bare);
    if (m) return id(m);
  }
  return undefined;
}

/** Exception names written in words (`with Bison exception`, `with the GNU Classpath Exception`) → SPDX exception id. */
export function exceptionFromWords(words: string, licenseId: string): string | undefined {
  const key = words.toUpperCase().replace(/\b(THE|GNU|EXCEPTIONS?|LINKING|LIBRARY)\b/g, ' ').replace(/[^A-Z0-9]+/g, ' ').trim();
  const v3 = /-3\.0$/.test(licenseId);
  switch (key) {
    case 'AUTOCONF': return v3 ? 'Autoconf-exception-3.0' : 'Autoconf-exception-2.0';
    case 'BISON': return 'Bison-exception-2.2';
    case 'CLASSPATH': case 'CPE': case 'CE': return 'Classpath-exception-2.0';
    case 'GCC': case 'GCC RUNTIME': case 'RUNTIME': return v3 ? 'GCC-exception-3.1' : 'GCC-exception-2.0';
    case 'FONT': return 'Font-exception-2.0';
    case 'LIBTOOL': return 'Libtool-exception';
    case 'LLVM': return 'LLVM-exception';
    case 'LINUX SYSCALL NOTE': case 'SYSCALL': case 'SYSCALL NOTE': return 'Linux-syscall-note';
    case 'OCAML': return 'OCaml-LGPL-linking-exception';
    default: return undefined;
  }
}
