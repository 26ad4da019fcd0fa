import { cloudCheck, fail } from '../cloud-define.js';

/** AWS-0028: aws_instance should activate session tokens for Instance Metadata Service. */
export const aws0028 = cloudCheck({
  id: 'AWS-0028',
  aliases: ['AVD-AWS-0028', 'enforce-http-token-imds', 'aws-ec2-enforce-http-token-imds'],
  namespace: 'builtin.aws.ec2.aws0028',
  title: 'aws_instance should activate session tokens for Instance Metadata Service.',
  severity: 'HIGH',
  description: 'IMDSv1 answers any request from the instance, so an SSRF flaw can steal the instance role credentials; IMDSv2 needs a session token.',
  resolution: 'Set metadata_options { http_tokens = "required" } (or disable the endpoint).',
  references: ['https://aws.amazon.com/blogs/security/defense-in-depth-open-firewalls-reverse-proxies-ssrf-vulnerabilities-ec2-instance-metadata-service'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.instances.filter((instance) => !instance.httpTokens.unknown && instance.httpTokens.value !== 'required' && !instance.httpEndpoint.unknown && instance.httpEndpoint.value !== 'disabled').map((instance) => fail(instance.httpTokens.loc, 'Instance does not require IMDS access to require a token')),
});
