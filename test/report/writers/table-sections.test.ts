/** The table's misconfiguration and secret sections, as trivy prints them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, secretsAndMisconfigReport } from './support.js';

test('misconfigurations: tests run, failures per severity, SEVERITY: message, description, See URL, code lines', async () => {
  const out = await render('table', secretsAndMisconfigReport());
  assert.match(out, /│ Target +│ Type +│ Vulnerabilities │ Secrets │ Misconfigurations │/);
  assert.match(out, /│ Dockerfile +│ dockerfile +│ +- +│ +- +│ +2 +│/);
  assert.match(out, /│ deploy\.sh +│ secret +│ +- +│ +2 +│ +- +│/);
  const section = out.slice(out.indexOf('Dockerfile (dockerfile)'));
  assert.ok(section.startsWith([
    'Dockerfile (dockerfile)',
    '=======================',
    'Tests: 27 (SUCCESSES: 25, FAILURES: 2)',
    'Failures: 2 (UNKNOWN: 0, LOW: 0, MEDIUM: 1, HIGH: 1, CRITICAL: 0)',
    '',
    'HIGH: Specify at least 1 USER command in Dockerfile with non-root user as argument',
    '═'.repeat(40),
    "Running containers with 'root' user can lead to a container escape situation. It is a best practice to run containers as non-root users, which can be done by adding a 'USER' statement to the Dockerfile.",
    '',
    'See https://avd.aquasec.com/misconfig/ds-0002',
    '─'.repeat(40),
    '',
    '',
    "MEDIUM: Specify a tag in the 'FROM' statement for image 'alpine'",
    '═'.repeat(40),
  ].join('\n')), section.slice(0, 1500));
  assert.ok(section.includes([' Dockerfile:1', '─'.repeat(40), '   1 [ FROM alpine:latest', '─'.repeat(40)].join('\n')));
  assert.ok(section.includes('PASS: LOW: Specify'), 'a passed check (--include-non-failures) shows its status');
});

test('secrets: totals, SEVERITY: Category (rule), title, masked lines with the cause marked', async () => {
  const out = await render('table', secretsAndMisconfigReport());
  const section = out.slice(out.indexOf('deploy.sh (secrets)'));
  assert.ok(section.startsWith([
    'deploy.sh (secrets)',
    '===================',
    'Total: 2 (UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 1)',
    '',
    'CRITICAL: AWS (aws-access-key-id)',
    '═'.repeat(40),
    'AWS Access Key ID',
    '─'.repeat(40),
    ' deploy.sh:3',
    '─'.repeat(40),
    '   1   #!/bin/sh',
    '   2   ',
    '   3 [ export AWS_ACCESS_KEY_ID=********************',
    '   4   ',
    '─'.repeat(40),
  ].join('\n')), section.slice(0, 800));
  assert.doesNotMatch(out, /AKIA/, 'only masked text');
});
