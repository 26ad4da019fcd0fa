import { mavenScheme } from './src/version/maven.js';
import { execFileSync } from 'node:child_process';
const parts = ['0','1','2','10','alpha','a','b','m','beta','rc','cr','snapshot','ga','final','release','sp','foo','x','','01','sp1','a1','1a'];
const seps = ['.', '-', ''];
let seed = 42; const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const gen = () => { let s = String(rnd(3)); const k = 1 + rnd(4); for (let i = 0; i < k; i++) s += seps[rnd(3)] + parts[rnd(parts.length)]; return s; };
const pairs: [string,string][] = [];
for (let i = 0; i < 20000; i++) { const a = gen(); const b = rnd(3) === 0 ? a.replace(/\.0|-0/, '') : gen(); pairs.push([a, b]); }
const out = execFileSync('java', ['-cp', '/usr/share/maven/lib/maven-artifact-3.x.jar:/tmp/mvn', 'Cmp'], { input: pairs.map(p => p.join('\t')).join('\n') + '\n' }).toString();
let diff = 0; const shown: string[] = [];
for (const line of out.trim().split('\n')) {
  const [a, b, c] = line.split('\t');
  const mine = Math.sign(mavenScheme.compare(a, b));
  if (mine !== Number(c)) { diff++; if (shown.length < 40) shown.push(`${a}  ${b}  maven=${c} mine=${mine}`); }
}
console.log('pairs', pairs.length, 'diffs', diff); console.log(shown.join('\n'));
