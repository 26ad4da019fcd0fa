import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError } from '../../../src/analyzer/parse-error.js';
import { configFileType, scanConfigFile } from '../../../src/detector/misconfig/index.js';
import { parseTemplate, ResourceRef } from '../../../src/detector/misconfig/cloudformation/template.js';
import { UNKNOWN } from '../../../src/detector/misconfig/terraform/values.js';

const NOW = new Date('2025-06-01T00:00:00Z');

test('CloudFormation templates are known by AWSTemplateFormatVersion or Resources with AWS:: types, before Kubernetes', () => {
  assert.equal(configFileType('stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n'), 'cloudformation');
  assert.equal(configFileType('stack.json', '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}'), 'cloudformation');
  assert.equal(configFileType('stack.template', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n'), 'cloudformation');
  assert.equal(configFileType('values.yaml', 'Resources:\n  cpu: 1\n'), undefined);
});

test('short-form tags become intrinsics; parameters, conditions, Sub, Join, Select, Split, FindInMap resolve', () => {
  const template = parseTemplate(
    'stack.yaml',
    `Parameters:
  Env: { Type: String, Default: prod }
  NoDefault: { Type: String }
Mappings:
  Sizes: { prod: { Disk: 100 } }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "\${Env}-data-\${!Literal}"
      Tags:
        - Key: joined
          Value: !Join ["-", [a, !Ref Env, !Select [1, !Split [",", "x,y,z"]]]]
        - Key: size
          Value: !FindInMap [Sizes, !Ref Env, Disk]
        - Key: cond
          Value: !If [NotProd, dev, !Ref Env]
        - Key: arn
          Value: !GetAtt Bucket.Arn
        - Key: unknown
          Value: !Ref NoDefault
        - Key: region
          Value: !Sub "\${AWS::Region}"
  Skipped:
    Type: AWS::S3::Bucket
    Condition: NotProd
`,
  );
  assert.deepEqual(template.resources.map((r) => [r.logicalId, r.startLine]), [['Bucket', 10]]);
  const props = template.resources[0].properties;
  assert.equal(template.resolve(props.BucketName), 'prod-data-${Literal}');
  const tags = template.resolve(props.Tags) as { Key: string; Value: unknown }[];
  const tag = (key: string) => tags.find((t) => t.Key === key)?.Value;
  assert.equal(tag('joined'), 'a-prod-y');
  assert.equal(tag('size'), 100);
  assert.equal(tag('cond'), 'prod');
  assert.deepEqual(tag('arn'), new ResourceRef('Bucket', 'Arn'));
  assert.equal(tag('unknown'), UNKNOWN);
  assert.equal(tag('region'), UNKNOWN);
});

test('cloud checks on a template: causes at the property lines (or the resource), JSON templates too', async () => {
  const yaml = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: false
  Fs:
    Type: AWS::EFS::FileSystem
`;
  const result = await scanConfigFile('stack.yaml', yaml, { now: NOW });
  assert.ok(result);
  assert.equal(result.type, 'cloudformation');
  assert.deepEqual(
    result.failures.map((f) => [f.ID, f.CauseMetadata.Resource, f.CauseMetadata.StartLine, f.CauseMetadata.EndLine, f.Type]),
    [
      ['AWS-0037', 'Fs', 7, 8, 'CloudFormation Security Check'],
      ['AWS-0065', 'Key', 6, 6, 'CloudFormation Security Check'],
    ],
  );
  assert.ok(result.successes > 40);
  const json = JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } } } }, null, 2);
  assert.deepEqual((await scanConfigFile('stack.json', json, { now: NOW }))?.failures.map((f) => [f.ID, f.CauseMetadata.StartLine]), [['AWS-0065', 6]]);
});

test('an ignore comment above a resource silences its causes; invalid YAML is a ParseError', async () => {
  const yaml = 'Resources:\n  # trivy:ignore:AVD-AWS-0037\n  Fs:\n    Type: AWS::EFS::FileSystem\n';
  const result = await scanConfigFile('stack.yaml', yaml, { now: NOW });
  assert.deepEqual(result?.failures, []);
  assert.equal(result?.exceptions, 1);
  await assert.rejects(scanConfigFile('stack.yaml', 'AWSTemplateFormatVersion: "x"\nResources: [\n', { now: NOW }), ParseError);
});
