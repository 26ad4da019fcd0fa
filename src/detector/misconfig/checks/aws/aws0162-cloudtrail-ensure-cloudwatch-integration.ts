import { cloudCheck, fail, isEmpty } from '../cloud-define.js';

/** AWS-0162: CloudTrail logs should be stored in S3 and also sent to CloudWatch Logs. */
export const aws0162 = cloudCheck({
  id: 'AWS-0162',
  aliases: ['AVD-AWS-0162', 'ensure-cloudwatch-integration', 'aws-cloudtrail-ensure-cloudwatch-integration'],
  namespace: 'builtin.aws.cloudtrail.aws0162',
  title: 'CloudTrail logs should be stored in S3 and also sent to CloudWatch Logs',
  severity: 'LOW',
  description: 'Sending trail logs to CloudWatch Logs allows real-time alerting on suspicious activity.',
  resolution: 'Set cloud_watch_logs_group_arn (CloudFormation: CloudWatchLogsLogGroupArn).',
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html#send-cloudtrail-events-to-cloudwatch-logs-console'],
  provider: 'AWS',
  service: 'cloudtrail',
  check: (state) =>
    state.aws.cloudtrail.trails.filter((trail) => isEmpty(trail.cloudWatchLogGroupArn)).map((trail) => fail(trail.cloudWatchLogGroupArn.loc, 'Trail does not have CloudWatch logging configured')),
});
