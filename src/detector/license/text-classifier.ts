import { formatTerm } from './expression.js';
import { spdxLicenseId, spdxLicenseUrl } from './spdx.js';

/**
 * Which licences a licence text is (a LICENSE/COPYING file, a Debian copyright file without
 * machine-readable fields): each licence is recognised by sentences only its text has, compared
 * on words alone (case, punctuation, line breaks and comment markers do not matter). The GNU
 * notices (`... either version 2 of the License, or (at your option) any later version`) give
 * the version and `-or-later`; `SPDX-License-Identifier:` lines are taken as written.
 */

export interface TextLicenseFinding {
  /** SPDX id, GNU licences with `-only`/`-or-later`. */
  name: string;
  /** 1 for the licence's own text or an SPDX tag; 0.9 for a notice that refers to the licence. */
  confidence: number;
  link: string;
}

interface Signature {
  id: string;
  /** Word sequences that must all appear. */
  all: string[];
  /** Ids that, when found, mean this one is not (ISC's text contains 0BSD's grant). */
  unless?: string[];
}

const SIGNATURES: Signature[] = [
  { id: 'AGPL-3.0-only', all: ['GNU AFFERO GENERAL PUBLIC LICENSE VERSION 3 19 NOVEMBER 2007'] },
  { id: 'GPL-3.0-only', all: ['GNU GENERAL PUBLIC LICENSE VERSION 3 29 JUNE 2007'] },
  { id: 'LGPL-3.0-only', all: ['GNU LESSER GENERAL PUBLIC LICENSE VERSION 3 29 JUNE 2007'] },
  { id: 'GPL-2.0-only', all: ['GNU GENERAL PUBLIC LICENSE VERSION 2 JUNE 1991'] },
  { id: 'LGPL-2.1-only', all: ['GNU LESSER GENERAL PUBLIC LICENSE VERSION 2 1 FEBRUARY 1999'] },
  { id: 'LGPL-2.0-only', all: ['GNU LIBRARY GENERAL PUBLIC LICENSE VERSION 2 JUNE 1991'] },
  { id: 'GPL-1.0-only', all: ['GNU GENERAL PUBLIC LICENSE VERSION 1 FEBRUARY 1989'] },
  { id: 'GFDL-1.3-only', all: ['GNU FREE DOCUMENTATION LICENSE VERSION 1 3 3 NOVEMBER 2008'] },
  { id: 'GFDL-1.2-only', all: ['GNU FREE DOCUMENTATION LICENSE VERSION 1 2 NOVEMBER 2002'] },
  { id: 'Apache-2.0', all: ['APACHE LICENSE VERSION 2 0 JANUARY 2004'] },
  { id: 'Apache-2.0', all: ['LICENSED UNDER THE APACHE LICENSE VERSION 2 0'] },
  { id: 'MPL-2.0', all: ['MOZILLA PUBLIC LICENSE VERSION 2 0'] },
  { id: 'MPL-1.1', all: ['MOZILLA PUBLIC LICENSE VERSION 1 1'] },
  { id: 'EPL-1.0', all: ['ECLIPSE PUBLIC LICENSE V 1 0'] },
  { id: 'EPL-2.0', all: ['ECLIPSE PUBLIC LICENSE V 2 0'] },
  { id: 'CDDL-1.0', all: ['COMMON DEVELOPMENT AND DISTRIBUTION LICENSE CDDL VERSION 1 0'] },
  { id: 'CDDL-1.1', all: ['COMMON DEVELOPMENT AND DISTRIBUTION LICENSE CDDL VERSION 1 1'] },
  { id: 'EUPL-1.2', all: ['EUROPEAN UNION PUBLIC LICENSE V 1 2'] },
  { id: 'MIT', all: ['PERMISSION IS HEREBY GRANTED FREE OF CHARGE TO ANY PERSON OBTAINING A COPY', 'THE ABOVE COPYRIGHT NOTICE AND THIS PERMISSION NOTICE SHALL BE INCLUDED'] },
  { id: 'ISC', all: ['PERMISSION TO USE COPY MODIFY AND OR DISTRIBUTE THIS SOFTWARE FOR ANY PURPOSE WITH OR WITHOUT FEE IS HEREBY GRANTED PROVIDED THAT THE ABOVE COPYRIGHT NOTICE AND THIS PERMISSION NOTICE APPEAR IN ALL COPIES'] },
  { id: '0BSD', all: ['PERMISSION TO USE COPY MODIFY AND OR DISTRIBUTE THIS SOFTWARE FOR ANY PURPOSE WITH OR WITHOUT FEE IS HEREBY GRANTED'], unless: ['ISC'] },
  { id: 'HPND-sell-variant', all: ['PERMISSION TO USE COPY MODIFY DISTRIBUTE AND SELL THIS SOFTWARE AND ITS DOCUMENTATION FOR ANY PURPOSE IS HEREBY GRANTED WITHOUT FEE'] },
  { id: 'Zlib', all: ['ALTERED SOURCE VERSIONS MUST BE PLAINLY MARKED AS SUCH AND MUST NOT BE MISREPRESENTED AS BEING THE ORIGINAL SOFTWARE'] },
  { id: 'BSL-1.0', all: ['BOOST SOFTWARE LICENSE VERSION 1 0'] },
  { id: 'Unlicense', all: ['THIS IS FREE AND UNENCUMBERED SOFTWARE RELEASED INTO THE PUBLIC DOMAIN'] },
  { id: 'CC0-1.0', all: ['CC0 1 0 UNIVERSAL'] },
  { id: 'WTFPL', all: ['DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE'] },
  { id: 'Artistic-2.0', all: ['THE ARTISTIC LICENSE 2 0'] },
  { id: 'Artistic-1.0-Perl', all: ['THE ARTISTIC LICENSE PREAMBLE THE INTENT OF THIS DOCUMENT IS TO STATE THE CONDITIONS UNDER WHICH A PACKAGE MAY BE COPIED'] },
  { id: 'BlueOak-1.0.0', all: ['BLUE OAK MODEL LICENSE VERSION 1 0 0'] },
  { id: 'PSF-2.0', all: ['PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2'] },
  { id: 'OpenSSL', all: ['THIS PRODUCT INCLUDES SOFTWARE DEVELOPED BY THE OPENSSL PROJECT FOR USE IN THE OPENSSL TOOLKIT'] },
];

const BSD_GRANT = 'REDISTRIBUTION AND USE IN SOURCE AND BINARY FORMS WITH OR WITHOUT MODIFICATION ARE PERMITTED PROVIDED THAT THE FOLLOWING CONDITIONS ARE MET';
const BSD_ADVERTISING = 'ALL ADVERTISING MATERIALS MENTIONING FEATURES OR USE OF THIS SOFTWARE MUST DISPLAY';
const BSD_ENDORSE = 'MAY NOT BE USED TO ENDORSE OR PROMOTE PRODUCTS';

const GNU_NOTICE = /\bGNU (LESSER |LIBRARY |AFFERO )?GENERAL PUBLIC LICENSE AS PUBLISHED BY THE FREE SOFTWARE FOUNDATION (?:EITHER )?VERSION (\d)(?: (\d))?(?: OF THE LICENSE)?( OR AT YOUR OPTION ANY LATER VERSION| OR ANY LATER VERSION)?/g;

/** Upper-case words separated by single spaces (`LICENCE` spelled `LICENSE`). */
export function wordsOf(text: string): string {
  return ` ${text.toUpperCase().replace(/LICENCE/g, 'LICENSE').replace(/[^A-Z0-9]+/g, ' ').trim()} `;
}

/** The licences a text is or refers to, in the order of the checks above, each once. */
export function classifyLicenseText(text: string): TextLicenseFinding[] {
  const words = wordsOf(text);
  const found = new Map<string, number>();
  const add = (id: string, confidence: number) => {
    if ((found.get(id) ?? 0) < confidence) found.set(id, confidence);
  };

  for (const m of text.matchAll(/SPDX-License-Identifier:\s*([^\r\n*]+?)\s*(?:\*\/|-->)?\s*$/gm)) add(m[1].trim(), 1);
  for (const sig of SIGNATURES) {
    if (sig.all.every((phrase) => words.includes(` ${phrase} `)) && !(sig.unless ?? []).some((id) => found.has(id))) add(sig.id, 1);
  }
  if (words.includes(` ${BSD_GRANT} `)) {
    add(words.includes(` ${BSD_ADVERTISING} `) ? 'BSD-4-Clause' : words.includes(' NEITHER THE NAME OF ') || words.includes(` ${BSD_ENDORSE} `) ? 'BSD-3-Clause' : 'BSD-2-Clause', 1);
  }
  for (const m of words.matchAll(GNU_NOTICE)) {
    const kind = m[1]?.trim();
    const base = `${kind === 'AFFERO' ? 'AGPL' : kind ? 'LGPL' : 'GPL'}-${m[2]}.${m[3] ?? (kind === 'LESSER' && m[2] === '2' ? '1' : '0')}`;
    const id = spdxLicenseId(base);
    // The licence's own text carries a sample notice (`How to Apply These Terms`): the text wins.
    if (id && !found.has(`${id}-only`)) add(formatTerm({ kind: 'license', id, plus: m[4] !== undefined, known: true }), 0.9);
  }
  return [...found].map(([name, confidence]) => ({ name, confidence, link: spdxLicenseId(name) ? spdxLicenseUrl(spdxLicenseId(name)!) : '' }));
}
