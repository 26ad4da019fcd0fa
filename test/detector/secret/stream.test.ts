import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecretScanner } from '../../../src/detector/secret/index.js';
import { tempDir } from '../../support/temp.js';
import { TokenFactory, seeded } from './token-factory.js';

/** ~1.5 MB of source-like lines with secrets planted all over, some right at chunk edges. */
function corpus(chunkSize: number): Buffer {
  const tokens = new TokenFactory(5);
  const rnd = seeded(9);
  const parts: string[] = [];
  let size = 0;
  let line = 0;
  while (size < 1_500_000) {
    let text: string;
    const kind = line % 97;
    if (kind === 13) text = `export GH_TOKEN=${tokens.github('ghp_')}`;
    else if (kind === 41) text = `aws_access_key_id = AKIA${tokens.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    else if (kind === 77) text = tokens.pem('EC PRIVATE KEY');
    else text = `const value${line} = compute(${Math.floor(rnd() * 1e6)}, "${tokens.chars('abcdefghij ', 20 + Math.floor(rnd() * 60))}");`;
    parts.push(text);
    size += text.length + 1;
    line++;
  }
  // Secrets that straddle the first few chunk boundaries.
  let joined = parts.join('\n') + '\n';
  for (let k = 1; k <= 4; k++) {
    const at = joined.indexOf('\n', k * chunkSize - 30) + 1;
    joined = joined.slice(0, at) + `SLACK=xoxb-123456789012-1234567890123-${tokens.chars('abcdefghijklmnopqrstuvwxyzABCDEF0123', 24)}\n` + joined.slice(at);
  }
  return Buffer.from(joined);
}

test('scanStream over overlapping chunks finds exactly what scan finds on the whole buffer (lines, offsets, code)', async () => {
  const chunkSize = 64 * 1024;
  const scanner = createSecretScanner({}, { chunkSize, chunkOverlap: 8 * 1024 });
  const data = corpus(chunkSize);
  const whole = scanner.scan('big.js', data);
  assert.ok(whole.length > 40, `${whole.length} findings`);
  // Feed it in uneven pieces, as a file stream would.
  const pieces: Buffer[] = [];
  for (let at = 0, n = 1; at < data.length; n++) {
    const size = 1000 + ((n * 7919) % 50_000);
    pieces.push(data.subarray(at, at + size));
    at += size;
  }
  const streamed = await scanner.scanStream('big.js', Readable.from(pieces));
  assert.deepEqual(streamed, whole);
});

test('scanStream reads a file stream; binary streams and allowed paths give nothing', async () => {
  const dir = tempDir();
  const file = join(dir, 'big.env');
  const scanner = createSecretScanner({}, { chunkSize: 16 * 1024, chunkOverlap: 4 * 1024 });
  const data = corpus(16 * 1024);
  writeFileSync(file, data);
  assert.deepEqual(await scanner.scanStream('big.env', createReadStream(file)), scanner.scan('big.env', data));
  const binary = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), data]);
  assert.deepEqual(await scanner.scanStream('a.out2', Readable.from([binary])), []);
  assert.deepEqual(await scanner.scanStream('node_modules/x/big.js', Readable.from([data])), []);
  assert.deepEqual(await scanner.scanStream('empty.txt', Readable.from([])), []);
});
