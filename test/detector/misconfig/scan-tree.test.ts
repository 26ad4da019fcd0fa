import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanConfigTree, wantsConfigFile } from '../../../src/detector/misconfig/index.js';
import { sharedPath } from '../../support/paths.js';
import { readTree } from './tree-files.js';

const NOW = new Date('2025-06-01T00:00:00Z');

test('wantsConfigFile: the files a tree scan needs', () => {
  for (const path of ['Dockerfile', 'infra/main.tf', 'infra/x.tf.json', 'prod.tfvars', 'infra/.terraform/modules/modules.json', 'compose.yaml', 'k8s/pod.yml', 'stack.template', 'chart/Chart.yaml', 'chart/templates/_helpers.tpl', 'chart/templates/NOTES.txt', 'chart/.helmignore', 'charts/app-1.0.0.tgz']) {
    assert.ok(wantsConfigFile(path), path);
  }
  for (const path of ['src/index.ts', 'README.md', 'go.sum', 'image.png']) assert.ok(!wantsConfigFile(path), path);
});

test('a mixed tree: each format by its scanner, Helm templates only through the chart, results sorted by path', async () => {
  const files = new Map<string, Buffer | string>([
    ['Dockerfile', 'FROM alpine:3.19\n'],
    ['compose.yaml', 'services:\n  web:\n    image: nginx\n'],
    ['k8s/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n'],
    ['cfn/stack.yaml', 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n'],
    ['tf/main.tf', 'resource "aws_kms_key" "k" {}\n'],
    ['README.md', '# not config\n'],
  ]);
  for (const [path, data] of readTree(sharedPath('fixtures/trivy-integration/fixtures/repo/helm_testchart'))) files.set(`chart/${path}`, data);
  files.set('chart/Dockerfile', 'FROM nginx:1.27\nUSER nginx\nHEALTHCHECK CMD curl -f http://localhost/\n');
  const scan = await scanConfigTree(files, { now: NOW });
  assert.deepEqual(scan.errors, []);
  assert.deepEqual(
    scan.results.map((r) => [r.filePath, r.type]),
    [
      ['.', 'terraform'],
      ['Dockerfile', 'dockerfile'],
      ['cfn/stack.yaml', 'cloudformation'],
      ['chart/Dockerfile', 'dockerfile'],
      ['chart/templates/deployment.yaml', 'helm'],
      ['chart/templates/service.yaml', 'helm'],
      ['chart/templates/serviceaccount.yaml', 'helm'],
      ['compose.yaml', 'docker-compose'],
      ['k8s/pod.yaml', 'kubernetes'],
      ['tf/main.tf', 'terraform'],
    ],
  );
  const ids = (path: string) => scan.results.find((r) => r.filePath === path)?.failures.map((f) => f.ID) ?? [];
  assert.ok(ids('Dockerfile').includes('DS-0002'));
  assert.ok(ids('k8s/pod.yaml').includes('KSV-0017'));
  assert.deepEqual(ids('cfn/stack.yaml'), ['AWS-0065']);
  assert.deepEqual(ids('tf/main.tf'), ['AWS-0065']);
  assert.deepEqual(ids('compose.yaml'), ['PCK-COMPOSE-004']);
});

test('file patterns give a type to other names (a Terraform file without the extension)', async () => {
  const scan = await scanConfigTree(new Map([['infra/kms.hcl', 'resource "aws_kms_key" "k" {}\n']]), { now: NOW, filePatterns: [{ type: 'terraform', pattern: /\.hcl$/ }] });
  assert.deepEqual(scan.results.find((r) => r.filePath === 'infra/kms.hcl')?.failures.map((f) => f.ID), ['AWS-0065']);
});
