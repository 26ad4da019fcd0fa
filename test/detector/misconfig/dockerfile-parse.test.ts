import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../../src/detector/misconfig/index.js';
import { shellCommands } from '../../../src/detector/misconfig/dockerfile/shell-commands.js';

const pick = (text: string) => parseDockerfile(text).instructions.map(({ cmd, value, flags, startLine, endLine }) => ({ cmd, value, flags, lines: [startLine, endLine] }));

test('continuation lines join; comment and blank lines inside them are dropped but counted', () => {
  const df = parseDockerfile('FROM alpine:3.19\nRUN apk add \\\n  # the client\n  curl \\\n\n  git\nUSER app\n');
  assert.deepEqual(df.instructions[1].value, ['apk add   curl   git']);
  assert.deepEqual([df.instructions[1].startLine, df.instructions[1].endLine], [2, 6]);
  assert.deepEqual([df.instructions[2].cmd, df.instructions[2].startLine], ['user', 7]);
});

test('the escape directive switches the continuation character to a backquote', () => {
  const df = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  C:\\\\\nWORKDIR C:\\app\n');
  assert.equal(df.escape, '`');
  assert.deepEqual(df.directives, { escape: '`' });
  assert.deepEqual(df.instructions[1].value, ['dir   C:\\\\']);
  assert.deepEqual(df.instructions[2].value, ['C:\\app']);
  assert.equal(df.firstInstructionLine, 2);
});

test('a directive after the first instruction or comment is a plain comment', () => {
  assert.deepEqual(parseDockerfile('# hello\n# escape=`\nFROM a:1\n').directives, {});
  assert.equal(parseDockerfile('FROM a:1\n# escape=`\nRUN x \\\n y\n').instructions[1].value[0], 'x  y');
});

test('exec and shell forms', () => {
  assert.deepEqual(pick('CMD ["nginx", "-g", "daemon off;"]\nCMD nginx -g "daemon off;"\nENTRYPOINT [not json\n'), [
    { cmd: 'cmd', value: ['nginx', '-g', 'daemon off;'], flags: [], lines: [1, 1] },
    { cmd: 'cmd', value: ['nginx -g "daemon off;"'], flags: [], lines: [2, 2] },
    { cmd: 'entrypoint', value: ['[not json'], flags: [], lines: [3, 3] },
  ]);
  assert.equal(parseDockerfile('CMD ["a"]').instructions[0].json, true);
});

test('flags, FROM, COPY, EXPOSE, HEALTHCHECK and ONBUILD arguments', () => {
  assert.deepEqual(pick('FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\nCOPY --from=build --chown="1:1" /out/a /out/b /app/\nEXPOSE 80/tcp 443\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\n'), [
    { cmd: 'from', value: ['golang:1.22', 'AS', 'Build'], flags: ['--platform=$BUILDPLATFORM'], lines: [1, 1] },
    { cmd: 'copy', value: ['/out/a', '/out/b', '/app/'], flags: ['--from=build', '--chown=1:1'], lines: [2, 2] },
    { cmd: 'expose', value: ['80/tcp', '443'], flags: [], lines: [3, 3] },
    { cmd: 'healthcheck', value: ['CMD', 'curl -f http://localhost/ || exit 1'], flags: ['--interval=5s'], lines: [4, 4] },
  ]);
  const onbuild = parseDockerfile('ONBUILD RUN make install').instructions[0];
  assert.deepEqual([onbuild.cmd, onbuild.subCmd, onbuild.value], ['onbuild', 'run', ['make install']]);
});

test('ENV, LABEL and ARG keep BuildKit\'s splitting (quotes kept, legacy ENV form)', () => {
  assert.deepEqual(pick('ENV A=1 B="two words" C=a\\ b\nENV LEGACY value with spaces\nLABEL x.y="z"\nARG TAG="1.2" OTHER\nUSER\n').map((i) => i.value), [
    ['A', '1', 'B', '"two words"', 'C', 'a\\ b'],
    ['LEGACY', 'value with spaces'],
    ['x.y', '"z"'],
    ['TAG="1.2"', 'OTHER'],
    [],
  ]);
});

test('here-documents: RUN gets the script, lines run to the delimiter', () => {
  const df = parseDockerfile('FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nRUN <<-"END" bash\n\techo $HOME\n\tEND\nCOPY <<CONF /etc/app.conf\nkey=value\nCONF\nUSER app\n');
  const [, run, run2, copy, user] = df.instructions;
  assert.deepEqual(run.value, ['apt-get update ; apt-get install -y curl']);
  assert.deepEqual([run.startLine, run.endLine], [2, 5]);
  assert.deepEqual(run.heredocs, [{ name: 'EOF', content: 'apt-get update\napt-get install -y curl\n', chomp: false, expand: true }]);
  assert.deepEqual(run2.heredocs.map((h) => [h.name, h.chomp, h.expand]), [['END', true, false]]);
  assert.deepEqual(run2.value, ['<<-"END" bash\n\techo $HOME\nEND']);
  assert.deepEqual([run2.startLine, run2.endLine], [6, 8]);
  assert.deepEqual(copy.value, ['<<CONF', '/etc/app.conf']);
  assert.deepEqual([copy.startLine, copy.endLine], [9, 11]);
  assert.deepEqual([user.cmd, user.startLine], ['user', 12]);
});

test('stages: global ARGs before FROM form a stage of their own; aliases are lower case', () => {
  const df = parseDockerfile('ARG BASE=alpine:3.19\nFROM golang:1.22 AS Build\nRUN go build\nFROM ${BASE}\nCOPY --from=build /a /a\n');
  assert.deepEqual(
    df.stages.map((s) => ({ name: s.name, base: s.baseImage, alias: s.alias, global: s.global, n: s.instructions.length })),
    [
      { name: '', base: '', alias: undefined, global: true, n: 1 },
      { name: 'golang:1.22 AS Build', base: 'golang:1.22', alias: 'build', global: false, n: 2 },
      { name: '${BASE}', base: '${BASE}', alias: undefined, global: false, n: 2 },
    ],
  );
  assert.deepEqual(df.instructions.map((i) => i.stage), [0, 1, 1, 2, 2]);
});

test('CRLF line ends, a byte order mark and lower-case keywords', () => {
  const df = parseDockerfile('\uFEFFfrom alpine:3.19\r\nrun echo hi \\\r\n  there\r\nuser app\r\n');
  assert.deepEqual(df.instructions.map((i) => [i.cmd, i.value, i.startLine, i.endLine]), [
    ['from', ['alpine:3.19'], 1, 1],
    ['run', ['echo hi   there'], 2, 3],
    ['user', ['app'], 4, 4],
  ]);
});

test('shell commands: split on operators, quotes removed, keywords and assignments dropped', () => {
  assert.deepEqual(shellCommands('apt update && apt install curl'), [['apt', 'update'], ['apt', 'install', 'curl']]);
  assert.deepEqual(shellCommands('apt update;apt install curl'), [['apt', 'update'], ['apt', 'install', 'curl']]);
  assert.deepEqual(shellCommands(''), []);
  assert.deepEqual(shellCommands('if [ "$X" = "a b" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y "x" || true; fi'), [
    ['[', '$X', '=', 'a b', ']'],
    ['apt-get', 'install', '-y', 'x'],
    ['true'],
  ]);
  assert.deepEqual(shellCommands("(cd /src && make) | tee log 2>&1 # comment ; not a command\necho 'it''s' $(date +%s)"), [
    ['cd', '/src'],
    ['make'],
    ['tee', 'log', '2>&1'],
    ['echo', 'its', '$(date +%s)'],
  ]);
});
