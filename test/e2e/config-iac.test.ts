import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';
import type { Report } from '../../src/report/model.js';

const cacheDir = tempDir('picket-iac-cache-');

async function config(args: string[]): Promise<{ code: number | null; report: Report; stderr: string }> {
  const r = await runPicket(['config', ...args, '-f', 'json', '--cache-dir', cacheDir]);
  return { code: r.code, report: JSON.parse(r.stdout || '{"Results":[]}') as Report, stderr: r.stderr };
}

const failing = (report: Report, target: string) => [...new Set((report.Results.find((r) => r.Target === target)?.Misconfigurations ?? []).map((m) => m.ID))].sort();

test('Terraform: variables are evaluated across the module, and --tf-vars overrides them', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'variables.tf'), 'variable "ssh_cidr" {\n  default = "0.0.0.0/0"\n}\n');
  writeFileSync(join(dir, 'main.tf'), [
    'resource "aws_security_group" "web" {',
    '  name        = "web"',
    '  description = "web servers"',
    '  ingress {',
    '    description = "ssh"',
    '    from_port   = 22',
    '    to_port     = 22',
    '    protocol    = "tcp"',
    '    cidr_blocks = [var.ssh_cidr]',
    '  }',
    '}',
    '',
  ].join('\n'));
  const open = await config([dir]);
  assert.equal(open.code, 0, open.stderr);
  assert.ok(failing(open.report, 'main.tf').includes('AWS-0107'), `open ingress: ${failing(open.report, 'main.tf').join(', ')}`);
  const vars = join(tempDir(), 'office.tfvars');
  writeFileSync(vars, 'ssh_cidr = "10.1.0.0/16"\n');
  const closed = await config([dir, '--tf-vars', vars]);
  assert.ok(!failing(closed.report, 'main.tf').includes('AWS-0107'), failing(closed.report, 'main.tf').join(', '));
});

test('CloudFormation: intrinsics resolve and a public bucket ACL fails', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'stack.yaml'), [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  Acl:',
    '    Type: String',
    '    Default: PublicRead',
    'Resources:',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      AccessControl: !Ref Acl',
    '',
  ].join('\n'));
  const r = await config([dir]);
  assert.equal(r.code, 0, r.stderr);
  const result = r.report.Results.find((x) => x.Target === 'stack.yaml')!;
  assert.equal(result.Type, 'cloudformation');
  assert.ok(failing(r.report, 'stack.yaml').includes('AWS-0092'), failing(r.report, 'stack.yaml').join(', '));
});

test('Helm: the chart is rendered with its values (and --helm-set) before the Kubernetes checks run', async () => {
  const chart = sharedPath('fixtures/trivy-integration/fixtures/repo/helm_testchart');
  const r = await config([chart]);
  assert.equal(r.code, 0, r.stderr);
  const deployment = r.report.Results.find((x) => x.Target === 'templates/deployment.yaml')!;
  assert.equal(deployment.Type, 'helm');
  assert.ok(failing(r.report, 'templates/deployment.yaml').includes('KSV-0001'));
  const hardened = await config([chart, '--helm-set', 'securityContext.allowPrivilegeEscalation=false']);
  assert.ok(!failing(hardened.report, 'templates/deployment.yaml').includes('KSV-0001'), failing(hardened.report, 'templates/deployment.yaml').join(', '));
});

test('Compose: a privileged service with the Docker socket mounted fails picket\'s compose checks', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'deploy'));
  writeFileSync(join(dir, 'deploy', 'compose.yaml'), 'services:\n  agent:\n    image: registry.example.org/agent:1.2\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n');
  const r = await config([dir]);
  assert.equal(r.code, 0, r.stderr);
  const ids = failing(r.report, 'deploy/compose.yaml');
  assert.ok(ids.length >= 2, ids.join(', '));
});
