/**
 * The provider-level cloud state the AWS/Google/Azure checks read. Terraform and CloudFormation
 * are each "adapted" into it (cloud/terraform/, cloud/cloudformation/), as trivy does, so one check
 * serves both. Every field is a `Val`: its value (or unknown), whether it was written or is the
 * provider's default, and the place to report (the attribute's lines, or the resource's when the
 * attribute is absent).
 */

/** Where a value or a resource is, and the resource to report. */
export interface Loc {
  file: string;
  startLine: number;
  endLine: number;
  /** `CauseMetadata.Resource`: `aws_s3_bucket.b`, `module.m`, or the CloudFormation logical id. */
  resource: string;
  /** First line of the resource: an ignore comment above it silences its causes. */
  resourceLine: number;
}

/** A value from the configuration. */
export interface Val<T> {
  value: T;
  loc: Loc;
  /** Written in the configuration (false: the provider's default, located at the resource). */
  explicit: boolean;
  /** The configuration computes it from something unknown before apply. */
  unknown: boolean;
}

/** A written value. */
export function val<T>(value: T, loc: Loc): Val<T> {
  return { value, loc, explicit: true, unknown: false };
}

/** A default value, located at `loc` (usually the resource). */
export function def<T>(value: T, loc: Loc): Val<T> {
  return { value, loc, explicit: false, unknown: false };
}

/** An unknown value written at `loc`; `fallback` is what checks compare when they must. */
export function unknownVal<T>(fallback: T, loc: Loc): Val<T> {
  return { value: fallback, loc, explicit: true, unknown: true };
}

/** Something located: resources and nested settings. */
export interface Located {
  loc: Loc;
}

// ---- AWS ----

/** An S3 bucket with what the S3 checks read. */
export interface S3Bucket extends Located {
  name: Val<string>;
  acl: Val<string>;
  /** Grantee URIs with WRITE/FULL_CONTROL (LogDelivery detection). */
  logDeliveryGrant: boolean;
  /** A bucket policy allows logging.s3.amazonaws.com to write. */
  logDeliveryPolicy: boolean;
  encryption: Located & { enabled: Val<boolean>; algorithm: Val<string>; kmsKeyId: Val<string> };
  versioning: Located & { enabled: Val<boolean>; mfaDelete: Val<boolean> };
  logging: Located & { enabled: Val<boolean> };
  publicAccessBlock?: Located & {
    blockPublicAcls: Val<boolean>;
    blockPublicPolicy: Val<boolean>;
    ignorePublicAcls: Val<boolean>;
    restrictPublicBuckets: Val<boolean>;
  };
}

/** One ingress or egress rule of a security group. */
export interface SecurityGroupRule extends Located {
  description: Val<string>;
  cidrs: Val<string>[];
  fromPort: Val<number>;
  toPort: Val<number>;
  protocol: Val<string>;
}

/** A security group and its rules. */
export interface SecurityGroup extends Located {
  /** False for rules that belong to no group of the configuration. */
  managed: boolean;
  description: Val<string>;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

/** One network ACL rule. */
export interface NetworkAclRule extends Located {
  egress: Val<boolean>;
  action: Val<string>;
  protocol: Val<string>;
  cidrs: Val<string>[];
  fromPort: Val<number>;
  toPort: Val<number>;
}

/** A block device of an instance. */
export interface BlockDevice extends Located {
  encrypted: Val<boolean>;
}

/** An EC2 instance: metadata service options and block devices. */
export interface Ec2Instance extends Located {
  httpTokens: Val<string>;
  httpEndpoint: Val<string>;
  rootDevice?: BlockDevice;
  ebsDevices: BlockDevice[];
}

/** An EBS volume. */
export interface EbsVolume extends Located {
  encrypted: Val<boolean>;
  kmsKeyId: Val<string>;
}

/** A VPC subnet. */
export interface Subnet extends Located {
  mapPublicIpOnLaunch: Val<boolean>;
}

/** An RDS database instance. */
export interface RdsInstance extends Located {
  publicAccess: Val<boolean>;
  encrypted: Val<boolean>;
  backupRetention: Val<number>;
  /** Part of a cluster (backup retention and encryption are the cluster's). */
  inCluster: boolean;
  replicationSource: Val<string>;
}

/** An RDS (Aurora) cluster. */
export interface RdsCluster extends Located {
  encrypted: Val<boolean>;
  kmsKeyId: Val<string>;
  backupRetention: Val<number>;
  engineMode: Val<string>;
}

/** An EFS file system. */
export interface EfsFileSystem extends Located {
  encrypted: Val<boolean>;
}

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  effect: string;
  actions: string[];
  resources: string[];
}

/** An IAM policy document and where it is written. */
export interface IamPolicy extends Located {
  /** The statements, when the document is known. */
  statements: PolicyStatement[] | undefined;
  document: Val<string>;
  /** True for AWS-managed policies attached by ARN (not written by the user). */
  builtin: boolean;
}

/** A CloudTrail trail. */
export interface CloudTrail extends Located {
  multiRegion: Val<boolean>;
  logValidation: Val<boolean>;
  kmsKeyId: Val<string>;
  cloudWatchLogGroupArn: Val<string>;
  bucketName: Val<string>;
}

/** A KMS key. */
export interface KmsKey extends Located {
  usage: Val<string>;
  rotation: Val<boolean>;
}

/** An ECR repository. */
export interface EcrRepository extends Located {
  scanOnPush: Val<boolean>;
  immutableTags: Val<boolean>;
  policies: IamPolicy[];
  encryptionType: Val<string>;
  kmsKeyId: Val<string>;
}

/** An EKS cluster. */
export interface EksCluster extends Located {
  publicAccess: Val<boolean>;
  publicAccessCidrs: Val<string>[];
  logTypes: { api: Val<boolean>; audit: Val<boolean>; authenticator: Val<boolean>; controllerManager: Val<boolean>; scheduler: Val<boolean> };
  secretsEncrypted: Val<boolean>;
  secretsKmsKeyId: Val<string>;
}

/** An SNS topic. */
export interface SnsTopic extends Located {
  kmsKeyId: Val<string>;
}

/** An SQS queue and its policies. */
export interface SqsQueue extends Located {
  kmsKeyId: Val<string>;
  managedSse: Val<boolean>;
  policies: IamPolicy[];
}

/** The AWS services the checks read. */
export interface AwsState {
  s3: { buckets: S3Bucket[] };
  ec2: { securityGroups: SecurityGroup[]; networkAclRules: NetworkAclRule[]; instances: Ec2Instance[]; volumes: EbsVolume[]; subnets: Subnet[]; defaultVpcs: Located[] };
  rds: { instances: RdsInstance[]; clusters: RdsCluster[] };
  efs: { fileSystems: EfsFileSystem[] };
  iam: { policies: IamPolicy[] };
  cloudtrail: { trails: CloudTrail[] };
  kms: { keys: KmsKey[] };
  ecr: { repositories: EcrRepository[] };
  eks: { clusters: EksCluster[] };
  sns: { topics: SnsTopic[] };
  sqs: { queues: SqsQueue[] };
}

// ---- Google ----

/** A Cloud Storage bucket. */
export interface GcsBucket extends Located {
  members: Val<string>[];
  uniformAccess: Val<boolean>;
  versioning: Val<boolean>;
  logging: Val<boolean>;
  /** Another bucket of the configuration logs into this one. */
  logTarget: boolean;
}

/** One allow/deny block of a Compute Engine firewall. */
export interface FirewallRule extends Located {
  direction: 'INGRESS' | 'EGRESS';
  allow: boolean;
  enforced: Val<boolean>;
  /** Source ranges (ingress) or destination ranges (egress). */
  ranges: Val<string>[];
  /** `[from, to]` pairs; [0, 65535] for all ports. */
  ports: [number, number][];
  protocol: Val<string>;
}

/** The Google Cloud services the checks read. */
export interface GoogleState {
  storage: { buckets: GcsBucket[] };
  compute: { firewallRules: FirewallRule[] };
}

// ---- Azure ----

/** An Azure storage account. */
export interface StorageAccount extends Located {
  httpsOnly: Val<boolean>;
  minTls: Val<string>;
  defaultActionDeny: Val<boolean> | undefined;
  /** Network rules are written (inline or as a separate resource). */
  networkRules: (Located & { defaultAction: Val<string> })[];
}

/** A blob container of a storage account. */
export interface StorageContainer extends Located {
  publicAccess: Val<string>;
}

/** One rule of a network security group. */
export interface NsgRule extends Located {
  outbound: boolean;
  allow: Val<boolean>;
  sources: Val<string>[];
  destinations: Val<string>[];
  /** Destination port ranges, `[from, to]`. */
  ports: [number, number][];
  portsLoc: Loc;
  protocol: Val<string>;
}

/** The Azure services the checks read. */
export interface AzureState {
  storage: { accounts: StorageAccount[]; containers: StorageContainer[] };
  network: { rules: NsgRule[] };
}

/** The whole state a check reads. */
export interface CloudState {
  aws: AwsState;
  google: GoogleState;
  azure: AzureState;
}

/** An empty state, for adapters to fill. */
export function emptyState(): CloudState {
  return {
    aws: {
      s3: { buckets: [] },
      ec2: { securityGroups: [], networkAclRules: [], instances: [], volumes: [], subnets: [], defaultVpcs: [] },
      rds: { instances: [], clusters: [] },
      efs: { fileSystems: [] },
      iam: { policies: [] },
      cloudtrail: { trails: [] },
      kms: { keys: [] },
      ecr: { repositories: [] },
      eks: { clusters: [] },
      sns: { topics: [] },
      sqs: { queues: [] },
    },
    google: { storage: { buckets: [] }, compute: { firewallRules: [] } },
    azure: { storage: { accounts: [], containers: [] }, network: { rules: [] } },
  };
}
