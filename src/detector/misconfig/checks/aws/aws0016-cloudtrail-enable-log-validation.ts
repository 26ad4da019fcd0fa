import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0016: Cloudtrail log validation should be enabled to prevent tampering of log data. */
export const aws0016 = cloudCheck({
  id: 'AWS-0016',
  aliases: ['AVD-AWS-0016', 'enable-log-validation', 'aws-cloudtrail-enable-log-validation'],
  namespace: 'builtin.aws.cloudtrail.aws0016',
  title: 'Cloudtrail log validation should be enabled to prevent tampering of log data',
  severity: 'HIGH',
  description: 'Without log file validation, changes to or deletion of delivered log files cannot be detected.',
  resolution: 'Set enable_log_file_validation = true (CloudFormation: EnableLogFileValidation: true).',
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html'],
  provider: 'AWS',
  service: 'cloudtrail',
  check: (state) =>
    state.aws.cloudtrail.trails.filter((trail) => isOff(trail.logValidation)).map((trail) => fail(trail.logValidation.loc, 'Trail does not have log validation enabled')),
});
