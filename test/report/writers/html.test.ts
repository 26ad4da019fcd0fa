/**
 * The HTML report in a real headless Chromium (Debian's `chromium`): the file is loaded from disk,
 * its script runs, and the counts it renders (chart, "shown") are read from the dumped DOM, with
 * filters preset by the URL fragment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { goldenReport, render, scanFixture, secretsAndMisconfigReport } from './support.js';
import { tempDir } from '../../support/temp.js';
import type { Report } from '../../../src/report/model.js';

const work = tempDir('picket-html-');
let n = 0;

/** Renders the report to a file and returns what Chromium shows: counts per severity and rows shown. */
async function inChromium(report: Report, fragment = ''): Promise<{ counts: Record<string, number>; shown: number; total: number; ready: boolean; dom: string }> {
  const file = join(work, `report-${n++}.html`);
  writeFileSync(file, await render('html', report));
  const profile = join(work, `profile-${n}`);
  mkdirSync(profile);
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--dump-dom', pathToFileURL(file).href + fragment];
  const dom = await new Promise<string>((resolve, reject) => {
    execFile('chromium', args, { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`chromium failed (apt-get install chromium): ${err.message}\n${stderr}`)) : resolve(stdout)));
  });
  const num = (id: string) => Number(new RegExp(`id="${id}"[^>]*>(\\d+)<`).exec(dom)?.[1] ?? NaN);
  const counts = Object.fromEntries(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].map((s) => [s, num(`count-${s}`)]));
  return { counts, shown: num('shown'), total: num('total'), ready: /<body[^>]*data-ready="1"/.test(dom), dom };
}

test('alpine-310: the chart shows the four MEDIUM findings; every row is there with its links', async () => {
  const r = await inChromium(goldenReport('alpine-310.json.golden'));
  assert.ok(r.ready, 'the script ran');
  assert.deepEqual(r.counts, { CRITICAL: 0, HIGH: 0, MEDIUM: 4, LOW: 0, UNKNOWN: 0 });
  assert.deepEqual([r.shown, r.total], [4, 4]);
  for (const id of ['CVE-2019-1549', 'CVE-2019-1551']) assert.equal(r.dom.split(`<td>${id}</td>`).length - 1, 2);
  assert.match(r.dom, /<a href="https:\/\/avd\.aquasec\.com\/nvd\/cve-2019-1549"/);
  assert.doesNotMatch(r.dom, /<(script|link|img)[^>]+(src|href)=/i, 'no external resources');
});

test('filters from the fragment: severity, kind, text search and fixable only, counted by the page', async () => {
  const mixed = secretsAndMisconfigReport();
  const all = await inChromium(mixed);
  assert.deepEqual(all.counts, { CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 0, UNKNOWN: 0 });
  assert.equal(all.shown, 4);
  const high = await inChromium(mixed, '#sev=HIGH,CRITICAL');
  assert.deepEqual([high.shown, high.counts.MEDIUM, high.counts.HIGH], [3, 0, 2]);
  assert.equal((await inChromium(mixed, '#kind=secret')).shown, 2);
  assert.equal((await inChromium(mixed, '#q=aws')).shown, 1);
  const npm = await scanFixture('npm');
  const fixable = npm.Results.flatMap((r) => r.Vulnerabilities ?? []).filter((v) => v.FixedVersion).length;
  const npmAll = await inChromium(npm);
  assert.equal(npmAll.shown, npm.Results.flatMap((r) => r.Vulnerabilities ?? []).length);
  assert.equal((await inChromium(npm, '#fixed=1')).shown, fixable);
});
