/**
 * The line fast path of json-spans.ts against the general path: whenever the fast path answers,
 * the text is valid JSON and its values and spans are exactly the general path's. Checked on every
 * JSON lockfile fixture, on generated pretty-printed documents, and on thousands of mutations of
 * real lockfiles (where the fast path must either agree or step aside).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLocatedJson, readIndented, type LocatedJson } from '../../src/analyzer/json-spans.js';
import { sharedPath } from '../support/paths.js';
import { random } from '../support/random.js';

const DEPTHS = [1, 2, 3, 4];

/** The general path's answer, or the error it throws. */
function general(text: string, spanDepth: number, reduceEntry?: (entry: object) => unknown): LocatedJson | Error {
  try {
    return parseLocatedJson('f.json', text, { spanDepth, fastPath: false, ...(reduceEntry ? { reduceEntry } : {}) });
  } catch (error) {
    return error as Error;
  }
}

/** Asserts that the fast path, if it answers, agrees with the general path; returns whether it answered. */
function agrees(text: string, spanDepth: number, label: string, reduceEntry?: (entry: object) => unknown): boolean {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const fast = readIndented(source, spanDepth, reduceEntry);
  const expected = general(text, spanDepth, reduceEntry);
  if (!fast) return false;
  assert.ok(!(expected instanceof Error), `${label} (depth ${spanDepth}): the fast path read a text the general path rejects: ${String(expected)}`);
  assert.deepEqual(fast.value, expected.value, `${label} (depth ${spanDepth}): values`);
  assert.deepEqual(fast.span, expected.span, `${label} (depth ${spanDepth}): spans`);
  return true;
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && /\.(json|lock)$/.test(entry.name) && statSync(path).size < 5_000_000) yield path;
  }
}

const FIXTURE_DIRS = ['fixtures/lockfiles', 'fixtures/trivy-unit', 'fixtures/trivy-integration/fixtures', 'fixtures/os-grype/test/integration/testdata'].map(sharedPath);
const fixtures = FIXTURE_DIRS.flatMap((dir) => [...files(dir)]);

/** The lockfiles of the analyzers that use the fast path, with the depth each reads. */
const FAST_PATH_FILES: Array<[RegExp, number]> = [
  [/composer[^/]*\.lock$/, 2],
  [/\/installed\.json$/, 2],
  [/\.deps\.json$/, 2],
  [/packages\.lock\.json$/, 3],
];

test('every JSON fixture: the fast path agrees with the general path wherever it answers', () => {
  let answered = 0;
  for (const file of fixtures) {
    const text = readFileSync(file, 'utf8');
    for (const depth of DEPTHS) if (agrees(text, depth, file)) answered++;
  }
  assert.ok(fixtures.length > 500, `${fixtures.length} fixtures`);
  assert.ok(answered > 1000, `the fast path answered ${answered} times`);
});

test('the lockfiles of composer, installed.json, .deps.json and packages.lock.json fixtures take the fast path when valid', () => {
  const missed: string[] = [];
  let count = 0;
  for (const file of fixtures) {
    const rule = FAST_PATH_FILES.find(([pattern]) => pattern.test(file));
    if (!rule) continue;
    const text = readFileSync(file, 'utf8');
    const expected = general(text, rule[1]);
    if (expected instanceof Error || expected.span === undefined) continue; // malformed or empty fixtures: general path
    count++;
    if (!agrees(text, rule[1], file)) missed.push(file);
  }
  assert.ok(count >= 30, `${count} lockfiles`);
  assert.deepEqual(missed, []);
});

test('reduceEntry: both paths replace the same entries (every fixture, every depth)', () => {
  // What an analyzer keeps of an entry: here its sorted keys, or the length of an array.
  const reduce = (entry: object) => (Array.isArray(entry) ? { length: entry.length } : { keys: Object.keys(entry).sort() });
  let answered = 0;
  for (const file of fixtures) {
    const text = readFileSync(file, 'utf8');
    for (const depth of DEPTHS) if (agrees(text, depth, file, reduce)) answered++;
  }
  assert.ok(answered > 1000, `the fast path answered ${answered} times`);
  const text = '{\n  "packages": [\n    {\n      "name": "a",\n      "dist": {\n        "url": "u"\n      }\n    },\n    {},\n    [],\n    1\n  ]\n}\n';
  for (const fastPath of [true, false]) {
    const { value } = parseLocatedJson('f.json', text, { spanDepth: 2, fastPath, reduceEntry: reduce });
    assert.deepEqual(value, { packages: [{ keys: ['dist', 'name'] }, { keys: [] }, { length: 0 }, 1] });
  }
});

// --- generated documents ---------------------------------------------------------------------------


const KEYS = ['name', 'version', 'require', 'a\\"b', '', 'packages', 'x y', 'é', '\u2028', '}', '{', '"quoted"', 'back\\slash', 'new\nline'];
const STRINGS = ['', 'plain', 'with "quotes"', 'brace } and ] and , and :', 'line\nbreak', 'tab\there', 'é😀', '\\', '/', '        }', '\u2028'];

function value(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth > 4 || r < 0.35) {
    const scalars = [null, true, false, 0, -1.5e-7, 123456789, 2.5, STRINGS[Math.floor(rnd() * STRINGS.length)]];
    return scalars[Math.floor(rnd() * scalars.length)];
  }
  const n = Math.floor(rnd() * 5);
  if (r < 0.65) return Array.from({ length: n }, () => value(rnd, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) object[`${KEYS[Math.floor(rnd() * KEYS.length)]}${i}`] = value(rnd, depth + 1);
  return object;
}

test('generated pretty-printed documents (2 and 4 spaces, tabs, CRLF): the fast path answers and agrees', () => {
  const rnd = random(42);
  let answered = 0;
  for (let i = 0; i < 400; i++) {
    const root = rnd() < 0.8 ? { packages: [value(rnd, 1), value(rnd, 1)], other: value(rnd, 1), list: [value(rnd, 1)] } : [value(rnd, 1), { a: value(rnd, 1) }];
    const indent = [2, 4, '\t'][i % 3];
    let text = JSON.stringify(root, null, indent);
    if (i % 4 === 0) text = text.replace(/\n/g, '\r\n');
    if (i % 5 === 0) text = `${text}\n`;
    if (i % 7 === 0) text = text.replace(/\//g, '\\/'); // PHP escapes slashes
    for (const depth of DEPTHS) {
      assert.ok(agrees(text, depth, `generated #${i}`), `generated #${i} (depth ${depth}) did not take the fast path:\n${text}`);
      assert.ok(agrees(text, depth, `generated #${i} reduced`, (entry) => Object.keys(entry).length));
      answered++;
    }
  }
  assert.ok(answered > 1000);
});

// --- mutations of real lockfiles -----------------------------------------------------------------

const MUTATION_SOURCES = [
  'fixtures/trivy-unit/dependency/parser/php/composer/testdata/composer_happy.lock',
  'fixtures/trivy-integration/fixtures/repo/nuget/packages.lock.json',
  'fixtures/trivy-unit/dependency/parser/dotnet/core_deps/testdata/multi-project.deps.json',
  'fixtures/trivy-integration/fixtures/repo/composer-vendor/installed.json',
].map(sharedPath);

const INSERTS = ['}', ']', '{', '[', ',', '"', ':', '\n', '\r\n', ' ', '\t', '\\', '}\n', '\n    }', '\n        },', 'x', '0', '{}', '[]', '"k": 1,'];

function mutate(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * text.length);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
  switch (Math.floor(rnd() * 6)) {
    case 0: // delete a character
      return text.slice(0, at) + text.slice(at + 1);
    case 1: // insert something
      return text.slice(0, at) + INSERTS[Math.floor(rnd() * INSERTS.length)] + text.slice(at);
    case 2: // delete a line
      return text.slice(0, lineStart) + text.slice(lineEnd + 1);
    case 3: // duplicate a line
      return text.slice(0, lineEnd + 1) + text.slice(lineStart, lineEnd + 1) + text.slice(lineEnd + 1);
    case 4: // change a line's indentation
      return text.slice(0, lineStart) + (rnd() < 0.5 ? '  ' : '') + text.slice(lineStart + (rnd() < 0.5 ? 2 : 0));
    default: // join a line with the next
      return text.slice(0, lineEnd) + text.slice(lineEnd + 1);
  }
}

test('mutated lockfiles: the fast path never answers differently from the general path', () => {
  const rnd = random(7);
  let answered = 0;
  let rejected = 0;
  for (const file of MUTATION_SOURCES) {
    const original = readFileSync(file, 'utf8');
    for (let i = 0; i < 1500; i++) {
      let text = original;
      const changes = 1 + Math.floor(rnd() * 3);
      for (let c = 0; c < changes; c++) text = mutate(text, rnd);
      for (const depth of [2, 3]) {
        if (agrees(text, depth, `${file} mutation #${i}`)) answered++;
        else if (general(text, depth) instanceof Error) rejected++;
      }
    }
  }
  // Both kinds were exercised: valid mutations read fast, invalid ones left to the general path.
  assert.ok(answered > 500, `answered ${answered}`);
  assert.ok(rejected > 500, `rejected ${rejected}`);
});

// --- layouts the fast path leaves to the general path ----------------------------------------------

test('layouts and contents the fast path does not read: duplicate keys, __proto__, brackets sharing a line, minified text', () => {
  const cases = [
    '{\n  "a": {\n    "x": 1\n  },\n  "a": {\n    "y": 2\n  }\n}', // duplicate key: JSON.parse keeps the last
    '{\n  "__proto__": {\n    "x": 1\n  }\n}',
    '{\n  "a": {"b": {\n    "c": 1\n  }}\n}',
    '{\n  "p": [\n    {\n      "x": 1\n    }, {\n      "y": 2\n    }\n  ]\n}',
    '{"packages":[{"name":"a","version":"1"}]}',
    '{\n  "a": 1\n}\ntrailing',
    '{\n  "a": [\n    {\n      "x": [\n  }\n    }\n  ]\n}', // a closing line at the indentation of an element, inside it
  ];
  for (const text of cases) {
    assert.equal(readIndented(text, 2), undefined, text);
    // parseLocatedJson still answers (or fails) as the general path does.
    const expected = general(text, 2);
    let actual: LocatedJson | Error;
    try {
      actual = parseLocatedJson('f.json', text, { spanDepth: 2 });
    } catch (error) {
      actual = error as Error;
    }
    assert.deepEqual(actual, expected, text);
  }
  // JSON.parse's answer for the duplicate key and __proto__ is kept.
  const duplicate = parseLocatedJson('f.json', cases[0], { spanDepth: 2 });
  assert.deepEqual(duplicate.value, { a: { y: 2 } });
  const proto = parseLocatedJson('f.json', cases[1], { spanDepth: 2 }).value as Record<string, unknown>;
  assert.deepEqual(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value, { x: 1 });
});

test('spanDepth: containers at that depth have a span without fields or items, on both paths', () => {
  const text = '{\n  "packages": [\n    {\n      "name": "a",\n      "require": {\n        "b": "1"\n      }\n    }\n  ],\n  "empty": {}\n}\n';
  for (const fastPath of [true, false]) {
    const { span, lines } = parseLocatedJson('f.json', text, { spanDepth: 2, fastPath });
    const element = span!.fields!.get('packages')!.items![0];
    assert.deepEqual(element, { start: text.indexOf('{\n      "name"'), end: text.indexOf('}\n  ]') });
    assert.deepEqual([lines.lineAt(element.start), lines.lineAt(element.end)], [3, 8]);
    assert.deepEqual(span!.fields!.get('empty'), { start: text.indexOf('{}'), end: text.indexOf('{}') + 1 });
  }
});
