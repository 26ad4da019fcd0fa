import { k8sOptionSpecs } from './k8s-options.js';
import { dbOptionSpecs, imageOptionSpecs, misconfigOptionSpecs, scanOptionSpecs, secretOptionSpecs, type OptionSpec } from './options.js';

/** Options of `picket operator` only: where it serves, what it keeps, how it scans. */
export const operatorOptionSpecs: OptionSpec[] = [
  { name: 'listen', kind: 'string', valueName: 'addr', description: 'address of the HTTP server: /metrics, /healthz, /readyz, /reports/...', default: ':8080', configKeys: ['operator.listen'] },
  { name: 'store-dir', kind: 'string', valueName: 'dir', description: 'directory of the operator store (full reports, image facts; SQLite); default: <cache-dir>/operator', configKeys: ['operator.store-dir'] },
  {
    name: 'scanners', kind: 'list', valueName: 'scanners', description: 'what to report: vuln (workload images), secret (images and manifests), misconfig (config audit of workloads and RBAC)',
    default: ['vuln', 'secret', 'misconfig'], choices: ['vuln', 'secret', 'misconfig'], configKeys: ['operator.scanners'],
  },
  { name: 'scan-mode', kind: 'string', valueName: 'mode', description: 'where images are analyzed: in-process, or jobs (one Kubernetes Job per image digest)', default: 'in-process', choices: ['in-process', 'jobs'], configKeys: ['operator.scan-mode'] },
  { name: 'scan-job-image', kind: 'string', valueName: 'image', description: 'image of scan Jobs (default: PICKET_OPERATOR_IMAGE, the operator\'s own image)', env: ['PICKET_SCAN_JOB_IMAGE', 'PICKET_OPERATOR_IMAGE'], configKeys: ['operator.scan-job-image'] },
  { name: 'scan-job-namespace', kind: 'string', valueName: 'namespace', description: 'namespace scan Jobs run in (default: POD_NAMESPACE)', env: ['PICKET_SCAN_JOB_NAMESPACE', 'POD_NAMESPACE'], configKeys: ['operator.scan-job-namespace'] },
  { name: 'scan-job-service-account', kind: 'string', valueName: 'name', description: 'service account of scan Jobs', default: 'picket-scan-job', configKeys: ['operator.scan-job-service-account'] },
  { name: 'scan-job-result-url', kind: 'string', valueName: 'url', description: 'where scan Jobs send results (default: http://picket-operator.<namespace>.svc:<port>)', configKeys: ['operator.scan-job-result-url'] },
  { name: 'scan-job-timeout', kind: 'duration', valueName: 'duration', description: 'give up a scan Job after this long', default: '10m', configKeys: ['operator.scan-job-timeout'] },
  { name: 'concurrent-scans', kind: 'int', valueName: 'n', description: 'images scanned at the same time', default: 3, configKeys: ['operator.concurrent-scans'] },
  { name: 'max-queue', kind: 'int', valueName: 'n', description: 'image scans waiting at most (more are dropped until the next change)', default: 1000, configKeys: ['operator.max-queue'] },
  { name: 'db-poll-interval', kind: 'duration', valueName: 'duration', description: 'how often the advisory DB file is checked for a new version (every known image is then judged again, without a pull)', default: '30s', configKeys: ['operator.db-poll-interval'] },
  { name: 'db-update-interval', kind: 'duration', valueName: 'duration', description: 'run "db update" this often (0 = never; replace the DB from outside instead)', default: '0', configKeys: ['operator.db-update-interval'] },
  { name: 'metrics-vuln-id', kind: 'boolean', description: 'export one series per vulnerability (picket_vulnerability_id; high cardinality)', default: false, configKeys: ['operator.metrics-vuln-id'] },
  { name: 'leader-elect', kind: 'boolean', description: 'run as one of several replicas: only the holder of a Lease works', default: false, configKeys: ['operator.leader-elect'] },
  { name: 'lease-name', kind: 'string', valueName: 'name', description: 'name of the leader-election Lease', default: 'picket-operator', configKeys: ['operator.lease-name'] },
  { name: 'lease-namespace', kind: 'string', valueName: 'namespace', description: 'namespace of the Lease (default: POD_NAMESPACE, else the context\'s namespace)', env: ['PICKET_LEASE_NAMESPACE', 'POD_NAMESPACE'], configKeys: ['operator.lease-namespace'] },
  { name: 'lease-duration', kind: 'duration', valueName: 'duration', description: 'how long the Lease holds without renewal (the holder renews every third of it)', default: '15s', configKeys: ['operator.lease-duration'] },
  { name: 'report-findings', kind: 'int', valueName: 'n', description: 'findings kept in each report resource (the full report is served at /reports)', default: 50, configKeys: ['operator.report-findings'] },
];

const K8S_FOR_OPERATOR = new Set(['kubeconfig', 'context', 'namespace', 'include-namespaces', 'exclude-namespaces']);
const SCAN_FOR_OPERATOR = new Set(['severity', 'ignore-unfixed', 'ignorefile', 'skip-dirs', 'skip-files', 'pkg-types']);
const IMAGE_FOR_OPERATOR = new Set(['platform', 'insecure']);
const MISCONFIG_FOR_OPERATOR = new Set(['skip-check', 'config-check']);

/** Every option `picket operator` takes, in the order `--help` lists them. */
export const operatorCommandOptionSpecs: OptionSpec[] = [
  ...k8sOptionSpecs.filter((s) => K8S_FOR_OPERATOR.has(s.name)).map((s) => (s.name === 'namespace' ? { ...s, description: 'watch this namespace only' } : s)),
  ...operatorOptionSpecs,
  ...imageOptionSpecs.filter((s) => IMAGE_FOR_OPERATOR.has(s.name)),
  ...scanOptionSpecs.filter((s) => SCAN_FOR_OPERATOR.has(s.name)),
  ...secretOptionSpecs,
  ...misconfigOptionSpecs.filter((s) => MISCONFIG_FOR_OPERATOR.has(s.name)),
  ...dbOptionSpecs,
];

/** Options of `picket operator scan-job` (what the operator passes to its Jobs). */
export const scanJobOptionSpecs: OptionSpec[] = [
  { name: 'result-url', kind: 'string', valueName: 'url', description: 'where to POST the result (the operator\'s /internal/scan-results/ID)' },
  { name: 'scanners', kind: 'list', valueName: 'scanners', description: 'vuln, secret', default: ['vuln', 'secret'], choices: ['vuln', 'secret'] },
  ...imageOptionSpecs.filter((s) => s.name === 'insecure'),
  ...scanOptionSpecs.filter((s) => s.name === 'skip-dirs' || s.name === 'skip-files'),
  ...secretOptionSpecs,
];
