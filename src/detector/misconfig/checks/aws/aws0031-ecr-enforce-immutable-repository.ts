import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0031: ECR images tags shouldn't be mutable. */
export const aws0031 = cloudCheck({
  id: 'AWS-0031',
  aliases: ['AVD-AWS-0031', 'enforce-immutable-repository', 'aws-ecr-enforce-immutable-repository'],
  namespace: 'builtin.aws.ecr.aws0031',
  title: "ECR images tags shouldn't be mutable.",
  severity: 'HIGH',
  description: 'Mutable tags let anyone with push access replace an image that is already deployed under the same tag.',
  resolution: 'Set image_tag_mutability = "IMMUTABLE" (CloudFormation: ImageTagMutability: IMMUTABLE).',
  references: ['https://sysdig.com/blog/toctou-tag-mutability/'],
  provider: 'AWS',
  service: 'ecr',
  check: (state) =>
    state.aws.ecr.repositories.filter((repo) => isOff(repo.immutableTags)).map((repo) => fail(repo.immutableTags.loc, 'Repository tags are mutable')),
});
