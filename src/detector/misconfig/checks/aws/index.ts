/** The built-in AWS checks, one per file; this list is the registry. They run on Terraform and CloudFormation alike. */
import type { Check } from '../../types.js';
import type { CloudState } from '../../cloud/state.js';
import { aws0014 } from './aws0014-cloudtrail-enable-all-regions.js';
import { aws0015 } from './aws0015-cloudtrail-encryption-customer-key.js';
import { aws0016 } from './aws0016-cloudtrail-enable-log-validation.js';
import { aws0026 } from './aws0026-ec2-enable-volume-encryption.js';
import { aws0027 } from './aws0027-ec2-volume-encryption-customer-key.js';
import { aws0028 } from './aws0028-ec2-enforce-http-token-imds.js';
import { aws0030 } from './aws0030-ecr-enable-image-scans.js';
import { aws0031 } from './aws0031-ecr-enforce-immutable-repository.js';
import { aws0033 } from './aws0033-ecr-repository-customer-key.js';
import { aws0037 } from './aws0037-efs-enable-at-rest-encryption.js';
import { aws0038 } from './aws0038-eks-enable-control-plane-logging.js';
import { aws0039 } from './aws0039-eks-encrypt-secrets.js';
import { aws0040 } from './aws0040-eks-no-public-cluster-access.js';
import { aws0041 } from './aws0041-eks-no-public-cluster-access-to-cidr.js';
import { aws0057 } from './aws0057-iam-no-policy-wildcards.js';
import { aws0065 } from './aws0065-kms-auto-rotate-keys.js';
import { aws0077 } from './aws0077-rds-specify-backup-retention.js';
import { aws0079 } from './aws0079-rds-encrypt-cluster-storage-data.js';
import { aws0080 } from './aws0080-rds-encrypt-instance-storage-data.js';
import { aws0086 } from './aws0086-s3-block-public-acls.js';
import { aws0087 } from './aws0087-s3-block-public-policy.js';
import { aws0088 } from './aws0088-s3-enable-bucket-encryption.js';
import { aws0089 } from './aws0089-s3-enable-logging.js';
import { aws0090 } from './aws0090-s3-enable-versioning.js';
import { aws0091 } from './aws0091-s3-ignore-public-acls.js';
import { aws0092 } from './aws0092-s3-no-public-access-with-acl.js';
import { aws0093 } from './aws0093-s3-restrict-public-buckets.js';
import { aws0094 } from './aws0094-s3-specify-public-access-block.js';
import { aws0095 } from './aws0095-sns-enable-topic-encryption.js';
import { aws0096 } from './aws0096-sqs-enable-queue-encryption.js';
import { aws0097 } from './aws0097-sqs-no-wildcards-in-policy-documents.js';
import { aws0099 } from './aws0099-ec2-add-description-to-security-group.js';
import { aws0101 } from './aws0101-ec2-no-default-vpc.js';
import { aws0102 } from './aws0102-ec2-no-excessive-port-access.js';
import { aws0104 } from './aws0104-ec2-no-public-egress-sgr.js';
import { aws0105 } from './aws0105-ec2-no-public-ingress-acl.js';
import { aws0107 } from './aws0107-ec2-no-public-ingress-sgr.js';
import { aws0124 } from './aws0124-ec2-add-description-to-security-group-rule.js';
import { aws0131 } from './aws0131-ec2-enable-at-rest-encryption.js';
import { aws0132 } from './aws0132-s3-encryption-customer-key.js';
import { aws0135 } from './aws0135-sqs-queue-encryption-with-cmk.js';
import { aws0136 } from './aws0136-sns-topic-encryption-with-cmk.js';
import { aws0161 } from './aws0161-cloudtrail-no-public-log-access.js';
import { aws0162 } from './aws0162-cloudtrail-ensure-cloudwatch-integration.js';
import { aws0164 } from './aws0164-ec2-no-public-ip-subnet.js';
import { aws0170 } from './aws0170-s3-require-mfa-delete.js';
import { aws0180 } from './aws0180-rds-disable-public-access.js';
import { aws0345 } from './aws0345-iam-limit-s3-full-access.js';

export const awsChecks: readonly Check<CloudState>[] = [
  aws0014, aws0015, aws0016, aws0026, aws0027, aws0028, aws0030, aws0031, aws0033, aws0037, aws0038,
  aws0039, aws0040, aws0041, aws0057, aws0065, aws0077, aws0079, aws0080, aws0086, aws0087, aws0088,
  aws0089, aws0090, aws0091, aws0092, aws0093, aws0094, aws0095, aws0096, aws0097, aws0099, aws0101,
  aws0102, aws0104, aws0105, aws0107, aws0124, aws0131, aws0132, aws0135, aws0136, aws0161, aws0162,
  aws0164, aws0170, aws0180, aws0345,
];
