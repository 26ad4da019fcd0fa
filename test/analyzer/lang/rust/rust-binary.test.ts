import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { rustBinaryAnalyzer } from '../../../../src/analyzer/lang/rust/rust-binary.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { rejectsWithParseError } from '../../../support/analyze-file.js';
import { buildElf } from '../../../support/elf.js';
import { sharedPath } from '../../../support/paths.js';
import { tempDir } from '../../../support/temp.js';

/** cargo-auditable's data for a binary `app` using regex (and so memchr), built with the `cc` build dependency. */
const AUDIT = {
  packages: [
    { name: 'app', version: '0.1.0', source: 'local', dependencies: [1, 2], root: true },
    { name: 'cc', version: '1.0.79', source: 'crates.io', kind: 'build' },
    { name: 'regex', version: '1.7.3', source: 'crates.io', dependencies: [3] },
    { name: 'memchr', version: '2.5.0', source: 'crates.io', kind: 'runtime' },
  ],
};
const zlibJson = (value: unknown) => deflateSync(Buffer.from(JSON.stringify(value)));

async function analyzeBytes(content: Buffer, path = 'bin/app'): Promise<Package[] | undefined> {
  const result = await rustBinaryAnalyzer.analyze({ path, content, readFile: async () => undefined });
  if (!result.applications) return undefined;
  const [app] = result.applications;
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['rustbinary', 'crates.io', 'cargo', path]);
  return app.packages;
}

const EXPECTED: Package[] = [
  { id: 'app@0.1.0', name: 'app', version: '0.1.0', relationship: 'root', dependsOn: ['regex@1.7.3'] },
  { id: 'regex@1.7.3', name: 'regex', version: '1.7.3', relationship: 'direct', dependsOn: ['memchr@2.5.0'] },
  { id: 'memchr@2.5.0', name: 'memchr', version: '2.5.0', relationship: 'indirect' },
];

test('wants the same candidates as the Go binary analyzer: extensionless or .exe, not tiny', () => {
  assert.equal(rustBinaryAnalyzer.wants({ path: 'target/release/app', size: 400_000 }), true);
  assert.equal(rustBinaryAnalyzer.wants({ path: 'app.exe', size: 400_000 }), true);
  assert.equal(rustBinaryAnalyzer.wants({ path: 'src/main.rs', size: 400_000 }), false);
  assert.equal(rustBinaryAnalyzer.wants({ path: 'app', size: 10 }), false);
});

const rustcAvailable = spawnSync('rustc', ['--version']).status === 0 && spawnSync('objcopy', ['--version']).status === 0;

test('a rustc-built ELF with a cargo-auditable .dep-v0 section added by objcopy', { timeout: 120_000 }, async (t) => {
  if (!rustcAvailable) return t.skip('rustc or objcopy missing');
  const dir = tempDir();
  writeFileSync(join(dir, 'main.rs'), 'fn main() { println!("hello"); }\n');
  execFileSync('rustc', ['-O', '-o', join(dir, 'plain'), join(dir, 'main.rs')], { stdio: 'pipe' });
  writeFileSync(join(dir, 'audit.zlib'), zlibJson(AUDIT));
  execFileSync('objcopy', ['--add-section', `.dep-v0=${join(dir, 'audit.zlib')}`, '--set-section-flags', '.dep-v0=noload,readonly', join(dir, 'plain'), join(dir, 'audited')]);
  // Without the section it is just an executable: no application.
  assert.equal(await analyzeBytes(readFileSync(join(dir, 'plain'))), undefined);
  assert.deepEqual(await analyzeBytes(readFileSync(join(dir, 'audited'))), EXPECTED);
});

test('ELF, PE and Mach-O containers; the rust-audit 0.1 section names', async () => {
  const data = zlibJson(AUDIT);
  assert.deepEqual(await analyzeBytes(buildElf([{ name: '.dep-v0', data }])), EXPECTED);
  assert.deepEqual(await analyzeBytes(buildElf([{ name: '.rust-deps-v0', data }], { wide: false, littleEndian: false })), EXPECTED);
  assert.deepEqual(await analyzeBytes(minimalPe('.dep-v0', data), 'app.exe'), EXPECTED, 'PE');
  assert.deepEqual(await analyzeBytes(minimalPe('rdep-v0', data), 'app.exe'), EXPECTED, 'PE, old name');
  assert.deepEqual(await analyzeBytes(minimalMachO('.dep-v0', data)), EXPECTED, 'Mach-O');
});

test('data without a root crate (old cargo-auditable): no relationships', async () => {
  const packages = await analyzeBytes(buildElf([{ name: '.dep-v0', data: zlibJson({ packages: [{ name: 'a', version: '1.0.0', dependencies: [1] }, { name: 'b', version: '2.0.0' }] }) }]));
  assert.deepEqual(packages, [
    { id: 'a@1.0.0', name: 'a', version: '1.0.0', dependsOn: ['b@2.0.0'] },
    { id: 'b@2.0.0', name: 'b', version: '2.0.0' },
  ]);
});

test('not Rust, not auditable, not an executable: no application', async () => {
  assert.equal(await analyzeBytes(buildElf([{ name: '.data', data: Buffer.alloc(32), addr: 0x1000 }])), undefined);
  const fanal = sharedPath('fixtures/trivy-unit/fanal/analyzer/language/rust/binary/testdata');
  for (const name of ['executable_bash', 'broken_elf', 'binary.exe']) assert.equal(await analyzeBytes(readFileSync(join(fanal, name))), undefined, name);
  assert.equal(await analyzeBytes(readFileSync(sharedPath('fixtures/trivy-unit/dependency/parser/rust/binary/testdata/dummy'))), undefined);
  assert.equal(await analyzeBytes(readFileSync(sharedPath('fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/rust/cargoauditable/testdata/not_binary/not_binary'))), undefined);
});

test('a .dep-v0 section that is not zlib JSON, or JSON without packages, is a ParseError', async () => {
  const bad = [Buffer.from('not zlib'), deflateSync(Buffer.from('{not json')), zlibJson({ crates: [] }), zlibJson({ packages: [{ name: 'x' }] })];
  for (const data of bad) {
    await rejectsWithParseError(rustBinaryAnalyzer.analyze({ path: 'bin/app', content: buildElf([{ name: '.dep-v0', data }]), readFile: async () => undefined }), 'bin/app');
  }
});

/** A PE image with no optional header and one section holding `data`. */
function minimalPe(section: string, data: Buffer): Buffer {
  const peOffset = 0x40;
  const table = peOffset + 4 + 20;
  const dataOffset = 0x200;
  const b = Buffer.alloc(dataOffset + data.length);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(peOffset, 0x3c);
  b.write('PE\0\0', peOffset, 'latin1');
  b.writeUInt16LE(0x8664, peOffset + 4); // machine
  b.writeUInt16LE(1, peOffset + 6); // sections
  b.writeUInt16LE(0, peOffset + 20); // no optional header
  b.write(section, table, 'latin1');
  b.writeUInt32LE(data.length, table + 8); // virtual size
  b.writeUInt32LE(0x3000, table + 12); // virtual address
  b.writeUInt32LE(data.length, table + 16); // raw size
  b.writeUInt32LE(dataOffset, table + 20); // raw pointer
  b.writeUInt32LE(0x40000040, table + 36); // initialized data, readable
  data.copy(b, dataOffset);
  return b;
}

/** A 64-bit little-endian Mach-O with one __DATA segment holding one section. */
function minimalMachO(section: string, data: Buffer): Buffer {
  const dataOffset = 32 + 72 + 80;
  const b = Buffer.alloc(dataOffset + data.length);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(0x0100000c, 4); // arm64
  b.writeUInt32LE(2, 12); // MH_EXECUTE
  b.writeUInt32LE(1, 16); // ncmds
  b.writeUInt32LE(72 + 80, 20);
  const cmd = 32;
  b.writeUInt32LE(0x19, cmd); // LC_SEGMENT_64
  b.writeUInt32LE(72 + 80, cmd + 4);
  b.write('__DATA', cmd + 8, 'latin1');
  b.writeBigUInt64LE(0x100004000n, cmd + 24);
  b.writeBigUInt64LE(BigInt(data.length), cmd + 32);
  b.writeBigUInt64LE(BigInt(dataOffset), cmd + 40);
  b.writeBigUInt64LE(BigInt(data.length), cmd + 48);
  b.writeUInt32LE(3, cmd + 56);
  b.writeUInt32LE(3, cmd + 60);
  b.writeUInt32LE(1, cmd + 64); // nsects
  const sect = cmd + 72;
  b.write(section, sect, 'latin1');
  b.write('__DATA', sect + 16, 'latin1');
  b.writeBigUInt64LE(0x100004000n, sect + 32);
  b.writeBigUInt64LE(BigInt(data.length), sect + 40);
  b.writeUInt32LE(dataOffset, sect + 48);
  data.copy(b, dataOffset);
  return b;
}
