import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, FileInfo, Location } from '../../types.js';

/**
 * Installed gems: the `specifications/*.gemspec` files RubyGems writes for every installed gem
 * (`/usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.3.gemspec`, also under `default/`).
 *
 * Those files are Ruby, generated in one shape: `Gem::Specification.new do |s|` followed by one
 * assignment per line, `s.name = "rake".freeze`, `s.version = "13.0.3"`, `s.licenses =
 * ["MIT".freeze]` (or `s.license = "MIT"`). The block variable is read from `|s|`. Name and
 * version must be string literals (a generated spec always has them): a gemspec without them is
 * a ParseError. Source gemspecs of projects (`foo.gemspec` with `spec.version = Foo::VERSION`)
 * are not under `specifications/` and not wanted.
 *
 * One application per file, one package whose location is the `Gem::Specification.new` block.
 */
export const gemspecAnalyzer: Analyzer = {
  name: 'gemspec',
  version: 1,
  scope: 'installed',
  wants,
  analyze,
};

function wants(info: FileInfo): boolean {
  if (!info.path.endsWith('.gemspec')) return false;
  const dirs = info.path.split('/').slice(0, -1);
  return dirs.includes('specifications');
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const spec = readSpec(input.path, input.content.toString('utf8'));
  const pkg = {
    id: `${spec.name}@${spec.version}`,
    name: spec.name,
    version: spec.version,
    ...(spec.licenses.length > 0 ? { licenses: spec.licenses } : {}),
    locations: [spec.location],
  };
  return {
    applications: [{ type: 'gemspec', ecosystem: 'RubyGems', purlType: 'gem', filePath: input.path, packages: [pkg] }],
  };
}

interface Spec {
  name: string;
  version: string;
  licenses: string[];
  location: Location;
}

const SPEC_NEW = /^(\s*)Gem::Specification\.new\b.*\|\s*(\w+)\s*\|/;
/** A Ruby string literal, optionally frozen: `"x"`, `'x'`, `"x".freeze`. */
const STRING_LITERAL = /^(?:"([^"\\]*)"|'([^'\\]*)')(?:\.freeze)?$/;

function readSpec(file: string, text: string): Spec {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => SPEC_NEW.test(line));
  if (start === -1) throw new ParseError(file, 'not a gemspec: no "Gem::Specification.new do |s|" block');
  const [, indent, variable] = SPEC_NEW.exec(lines[start])!;

  const fields = new Map<string, string>();
  let end = lines.length - 1;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === `${indent}end`) {
      end = i;
      break;
    }
    const assignment = assignmentOf(line, variable);
    if (assignment && !fields.has(assignment.attribute)) fields.set(assignment.attribute, assignment.value);
  }

  const name = literal(fields.get('name'));
  const version = literal(fields.get('version'));
  if (!name) throw new ParseError(file, `gemspec without a literal name (${variable}.name)`);
  if (!version) throw new ParseError(file, `gemspec of ${name} without a literal version (${variable}.version)`);
  return { name, version, licenses: licensesOf(fields), location: { startLine: start + 1, endLine: end + 1 } };
}

/** `  s.name = "rake".freeze # comment` → `{attribute: 'name', value: '"rake".freeze'}`. */
function assignmentOf(line: string, variable: string): { attribute: string; value: string } | undefined {
  const match = /^\s*(\w+)\.(\w+)\s*=\s*(.+?)\s*(?:#.*)?$/.exec(line);
  if (!match || match[1] !== variable) return undefined;
  return { attribute: match[2], value: match[3] };
}

function literal(value: string | undefined): string | undefined {
  const match = value === undefined ? null : STRING_LITERAL.exec(value);
  const text = match ? (match[1] ?? match[2]).trim() : '';
  return text === '' ? undefined : text;
}

/** `s.licenses = ["Ruby".freeze, "BSDL".freeze]`, or `s.license = "MIT"`. */
function licensesOf(fields: Map<string, string>): string[] {
  const list = fields.get('licenses');
  if (list !== undefined) {
    const items = /^\[(.*)\]$/.exec(list);
    return items ? items[1].split(',').map((item) => literal(item.trim())).filter((l): l is string => l !== undefined) : [];
  }
  const single = literal(fields.get('license'));
  return single ? [single] : [];
}
