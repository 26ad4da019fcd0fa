import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { poetryLockLayout } from '../../../../src/analyzer/lang/python/poetry.js';
import { uvLockLayout } from '../../../../src/analyzer/lang/python/uv.js';
import { readTomlLockfile, type LockfileLayout, type TomlLockfile } from '../../../../src/analyzer/lang/python/toml-lockfile.js';

// The fast path of readTomlLockfile (blocks read by a small scanner) must give exactly what the
// smol-toml path gives: same records (null-prototype objects included), locations and errors.

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = resolve(repoRoot, '../shared/fixtures');

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Every poetry and uv lockfile fixture (and their not-toml neighbours). */
const lockfiles = ['lockfiles', 'trivy-unit']
  .flatMap((dir) => [...files(resolve(fixtures, dir))])
  .filter((path) => /poetry|(^|[/_-])uv/.test(relative(fixtures, path)) && /\.lock$|not-toml\.txt$/.test(path))
  .sort();

const layouts: Record<string, LockfileLayout> = { poetry: poetryLockLayout, uv: uvLockLayout };

function read(text: string, layout: LockfileLayout, fastPath: boolean): TomlLockfile | { error: string } {
  try {
    return readTomlLockfile(text, 'file.lock', layout, { fastPath });
  } catch (err) {
    return { error: `${(err as Error).constructor.name}: ${(err as Error).message} ${JSON.stringify(err)}` };
  }
}

function assertSame(text: string, label: string): void {
  for (const [name, layout] of Object.entries(layouts)) {
    assert.deepStrictEqual(read(text, layout, true), read(text, layout, false), `${label} (${name} layout)`);
  }
}

test('fixtures are found', () => {
  assert.ok(lockfiles.filter((p) => p.endsWith('.lock')).length >= 40, `${lockfiles.length} fixtures`);
});

test('fast path = smol-toml path on every poetry and uv fixture', () => {
  for (const path of lockfiles) assertSame(readFileSync(path, 'utf8'), relative(fixtures, path));
});

test('fast path = smol-toml path on unusual blocks', () => {
  const cases = [
    '[[package]]\nname = "a"\nversion = "1"\n',
    '[[package]]\r\nname = "a"\r\nversion = "1"\r\nfiles = [\r\n  {file = "x", hash = "y"},\r\n]\r\n\r\n[package.dependencies]\r\nb = "^1"\r\n',
    '[[package]]\nname = "a" # comment\nversion = "1"\n',
    '[[package]]\n# comment\nname = "a"\nversion = "1"\n',
    '[[package]]\nname = \'a\'\nversion = "1\\u00e9"\n',
    '[[package]]\nname = "a\\"b\\\\c\\td"\nversion = "1"\n',
    '[[package]]\nname = "a"\nname = "b"\n',
    '[[package]]\nname = "a"\nversion = 1\n',
    '[[package]]\nname = "a"\nversion = "1"\ndescription = """\n[package.dependencies]\nx = 1\n"""\n',
    '[[package]]\nname = "a"\nversion = "1"\ndescription = \'\'\'\nlong\n\'\'\'\n',
    '[[package]]\nname = "a"\nversion = "1"\n[package.dependencies]\n"zope.interface" = {version = ">=1", optional = true, markers = "python_version < \\"3.8\\"", extras = ["a", "b"]}\nc = [\n    {version = "1", python = "<3"},\n    {version = "2", python = ">=3"},\n]\n',
    '[[package]]\nname = "a"\nversion = "1"\n[package.dependencies]\nb = {version = "1",}\n',
    '[[package]]\nname = "a"\nversion = "1"\n[package.dependencies]\nb = {version = "1"\n',
    '[[package]]\nname = "a"\nversion = "1"\n[package.dependencies]\nb.c = "1"\n',
    '[[package]]\nname = "a"\nversion = "1"\n[package.dependencies]\nb = "1"\n[package.dependencies]\nc = "1"\n',
    '[[package]]\nname = "a"\nversion = "1"\n[package.dependencies.b]\nversion = "1"\n',
    '[[package]]\nname = "a"\nversion = "1"\n[package.extras]\nx = ["a", "b"]\n[package.dependencies]\nb = "1"\n',
    '[[package]]\nname = "a"\nversion = "1"\ngroups = ["dev"]\ncategory = "dev"\noptional = true\n',
    '[[package]]\nname = "a"\nversion = "1"\nfiles = [\n    {file = "x]", hash = "y"},\n    [\n]\n[package.dependencies]\nb = "1"\n',
    '[[package]]\nname = "a"\nversion = "1"\ndependencies = [\n  [true],\n[x]\nname = "z"\n',
    '[[package]]\nname = "a"\nversion = "1"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [\n    { name = "b" },\n    { name = "c", marker = "sys_platform == \'win32\'" },\n]\nsdist = { url = "u", hash = "h", size = 1 }\nwheels = [\n    { url = "u", hash = "h", size = 1 },\n]\n\n[package.optional-dependencies]\nx = [\n    { name = "d" },\n]\n\n[package.metadata]\nrequires-dist = [{ name = "b" }]\n\n[[package]]\nname = "b"\nversion = "2"\nsource = { virtual = "." }\n\n[package.dev-dependencies]\ndev = [{ name = "c" }]\n',
    '[[package]]\nname = "a"\nversion = "1"\ndependencies = [ { name = "b" } ]\n[package.dependencies]\nx = "1"\n',
    '[[package]]\nname = "a"\nversion = "1"\nsource = { virtual = "." }\noptional-dependencies = { x = [] }\n[package.optional-dependencies]\ny = []\n',
    '[[package]]\nname = "a"\nversion = "1"\n__proto__ = "x"\n[package.dependencies]\n__proto__ = "1"\n',
    '[[package]]\nname = "\x01"\nversion = "1"\n',
    '[[package]]\nname = "a"\nversion = true\n[package.dependencies]\nb = falsey\n',
    '[[package]]\nname = "a"\nversion = "1"\n[package.dependencies]\nb = "1"\n  [[package]]\nname = "b"\n',
    '[[package]] # c\nname = "a"\n',
    '[[package]]\nname = "a"\nversion = "1"\ndependencies = [\n    { name = "b" },\n',
  ];
  for (const [i, text] of cases.entries()) assertSame(text, `case ${i}: ${JSON.stringify(text)}`);
});
