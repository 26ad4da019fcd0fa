/**
 * Terraform → IAM policies: `aws_iam_policy` and the inline role/user/group policies, with documents
 * from JSON (`jsonencode`, heredocs) or `data "aws_iam_policy_document"`; AWS-managed policies
 * attached by ARN are known by name (`AmazonS3FullAccess`).
 */
import { policyStatements } from '../policy.js';
import type { IamPolicy, PolicyStatement } from '../state.js';
import { def } from '../state.js';
import type { EvalBlock } from '../../terraform/blocks.js';
import type { TerraformProject } from '../../terraform/project.js';
import { referencedBlock } from '../../terraform/references.js';
import { isUnknown, toTfString } from '../../terraform/values.js';
import { TfResource } from './read.js';

const POLICY_RESOURCES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];
const ATTACHMENTS = ['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment'];

/** Statements of AWS-managed policies the checks know. */
export const MANAGED_POLICIES: Record<string, PolicyStatement[]> = {
  'arn:aws:iam::aws:policy/AmazonS3FullAccess': [{ effect: 'Allow', actions: ['s3:*', 's3-object-lambda:*'], resources: ['*'] }],
  'arn:aws:iam::aws:policy/AdministratorAccess': [{ effect: 'Allow', actions: ['*'], resources: ['*'] }],
};

/** The statements of `data "aws_iam_policy_document"`. */
function documentStatements(data: EvalBlock): PolicyStatement[] {
  return data.childBlocks('statement').map((s) => {
    const list = (name: string) => {
      const value = s.value(name);
      return (Array.isArray(value) ? value : []).map((v) => toTfString(v) ?? '');
    };
    return { effect: toTfString(s.value('effect') ?? null) ?? 'Allow', actions: list('actions'), resources: list('resources') };
  });
}

/** A policy document attribute (`policy`) read into statements. */
export function readPolicy(r: TfResource, block: EvalBlock, name = 'policy'): IamPolicy {
  const attr = block.attribute(name);
  const document = r.str(name, '', block);
  if (!attr) return { loc: r.loc(block.span), statements: undefined, document, builtin: false };
  const data = referencedBlock(attr, r.block);
  if (data && data.type === 'data' && data.resourceType === 'aws_iam_policy_document') {
    return { loc: r.loc(attr.span), statements: documentStatements(data), document, builtin: false };
  }
  const statements = isUnknown(attr.value) ? undefined : policyStatements(attr.value);
  return { loc: r.loc(attr.span), statements, document, builtin: false };
}

/** IAM policy documents of `aws_iam_policy`, inline role/user/group policies and known AWS-managed policy attachments. */
export function adaptIamPolicies(project: TerraformProject): IamPolicy[] {
  const policies: IamPolicy[] = [];
  for (const type of POLICY_RESOURCES) {
    for (const block of project.resources(type)) policies.push(readPolicy(new TfResource(block), block));
  }
  for (const block of project.resources('aws_iam_role')) {
    const r = new TfResource(block);
    for (const inline of block.childBlocks('inline_policy')) if (inline.attribute('policy')) policies.push(readPolicy(r, inline));
  }
  for (const type of ATTACHMENTS) {
    for (const block of project.resources(type)) {
      const r = new TfResource(block);
      const arn = toTfString(block.value('policy_arn') ?? null);
      const statements = arn ? MANAGED_POLICIES[arn] : undefined;
      if (statements) policies.push({ loc: r.str('policy_arn').loc, statements, document: def('', r.loc()), builtin: true });
    }
  }
  return policies;
}
