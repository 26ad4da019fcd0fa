import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildDatabase } from '../../../src/db/build.js';
import { AdvisoryStore } from '../../../src/db/store.js';
import { sharedPath } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

const rubysec = sharedPath('db-seed/rubysec');
const friendsofphp = sharedPath('db-seed/friendsofphp');
const nodejs = sharedPath('db-seed/nodejs');

/** The two ruby-advisory-db files whose safe requirements cover every version (see rubysec.test.ts). */
const RUBYSEC_UNCONVERTIBLE = ['gems/ckeditor/CVE-2021-32808.yml', 'gems/cron_parser/CVE-2019-15224.yml'];

function filesUnder(dir: string, depth: number): string[] {
  if (depth === 0) return [''];
  return readdirSync(dir)
    .filter((e) => statSync(join(dir, e)).isDirectory() === depth > 1)
    .flatMap((e) => filesUnder(join(dir, e), depth - 1).map((rest) => (rest ? `${e}/${rest}` : e)));
}

/** Advisory ids per ecosystem, straight from the raw files. */
function expectedIds(): Record<string, Set<string>> {
  const stem = (rel: string) => rel.slice(rel.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '');
  const rubyFiles = (kind: string) => filesUnder(join(rubysec, kind), 2).map((rel) => `${kind}/${rel}`).filter((rel) => !RUBYSEC_UNCONVERTIBLE.includes(rel));
  const php = filesUnder(friendsofphp, 3).map((rel) => {
    const cve = (parseYaml(readFileSync(join(friendsofphp, rel), 'utf8')) as { cve?: string | null }).cve;
    return cve ?? rel;
  });
  const core = Object.keys(JSON.parse(readFileSync(join(nodejs, 'vuln/core/index.json'), 'utf8')) as object);
  const npm = readdirSync(join(nodejs, 'vuln/npm')).filter((f) => /^\d+\.json$/.test(f));
  return {
    RubyGems: new Set(rubyFiles('gems').map(stem)),
    Ruby: new Set(rubyFiles('rubies').map(stem)),
    Packagist: new Set(php),
    npm: new Set(npm),
    'Node.js': new Set(core),
  };
}

test('rubysec + FriendsOfPHP + Node.js security-wg build a DB with the per-ecosystem counts of the raw files', async () => {
  const dir = tempDir();
  const warnings: string[] = [];
  const summary = await buildDatabase({ dbDir: dir, sources: [rubysec, friendsofphp, nodejs], onWarning: (w) => warnings.push(w) });

  const ids = expectedIds();
  assert.deepEqual(summary.ecosystems, Object.fromEntries(Object.entries(ids).map(([eco, set]) => [eco, set.size])));
  assert.deepEqual(summary.ecosystems, { RubyGems: 1173, Ruby: 142, Packagist: 1204, npm: 467, 'Node.js': 171 });
  assert.equal(summary.invalid, 2);
  assert.deepEqual(
    warnings.map((w) => w.slice(rubysec.length + 1, w.indexOf(':'))),
    RUBYSEC_UNCONVERTIBLE,
  );
  assert.ok(summary.seconds < 30, `${summary.seconds}s`);

  const store = AdvisoryStore.open(dir);
  // One CVE in several files (a package and its subtree split, one CVE in several gems) is one advisory.
  const laravel = store.advisory('CVE-2017-14775');
  assert.deepEqual(laravel?.affected?.map((a) => a.package?.name).sort(), ['illuminate/auth', 'laravel/framework']);
  const hijacked = store.advisory('CVE-2019-15224');
  assert.ok((hijacked?.affected?.length ?? 0) > 5);
  assert.ok(store.affected('RubyGems', 'actionpack').some((e) => e.advisoryId === 'CVE-2020-8164'));
  assert.ok(store.affected('Ruby', 'jruby').some((e) => e.advisoryId === 'CVE-2011-4838'));
  assert.ok(store.affected('Node.js', 'node').some((e) => e.advisoryId === 'NSWG-COR-1'));
  assert.ok(store.affected('npm', 'bassmaster').some((e) => e.advisoryId === 'NSWG-ECO-1'));
  assert.equal(store.dataSourceOf('CVE-2020-8164'), 'ruby-advisory-db');
  assert.equal(store.dataSourceOf('CVE-2017-14775'), 'php-security-advisories');
  assert.equal(store.dataSourceOf('NSWG-COR-1'), 'nodejs-security-wg');
  store.close();
});
