import { composerScheme } from './src/version/composer.js';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const chars = ['0','1','2','10','a','b','rc','RC','dev','alpha','beta','pl','p','patch','foo','x','.','-','_','+','.1','-dev','1a','00'];
let seed = 3; const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const gen = () => { let s = String(rnd(3)); const k = rnd(5); for (let i = 0; i < k; i++) s += chars[rnd(chars.length)]; return s; };
const pairs: string[][] = [];
for (let i = 0; i < 5000; i++) { const a = gen(), b = gen(); const clean = (s: string) => !/[._+-]{2}|[._+-]$/.test(s); if (clean(a) && clean(b) && composerScheme.isValid(a) && composerScheme.isValid(b)) pairs.push([a, b]); }
writeFileSync('/tmp/php-cases.json', JSON.stringify(pairs));
const out = execFileSync('php', ['-r', '$p = json_decode(file_get_contents("/tmp/php-cases.json")); foreach ($p as $x) echo version_compare($x[0], $x[1]), " ";']).toString().trim().split(' ');
let bad = 0;
pairs.forEach(([a, b], k) => { const exp = Number(out[k]); const got = Math.sign(composerScheme.compare(a, b)); if (exp !== got) { bad++; if (bad < 25) console.log(a, b, 'php', exp, 'mine', got); } });
console.log('checked', pairs.length, 'mismatches', bad);
