import { UserError } from '../errors.js';
import { formatNames } from '../report/writers/registry.js';
import { cyclonedxVersionOptionSpec, templateOptionSpec } from '../report/writers/output-options.js';
import { SORT_ORDERS } from '../report/sort-order.js';

/**
 * Every option a scan can take, in one table: its flag, its environment variable and its keys
 * in picket.yaml. The CLI builds its flags from this table, and resolveOptions() applies the
 * precedence flags > env > config file > default.
 */
export type OptionKind = 'string' | 'boolean' | 'list' | 'int' | 'duration';

export interface OptionSpec {
  /** Option key in ScanOptions and the long flag without dashes (`ignore-unfixed`). */
  name: string;
  short?: string;
  kind: OptionKind;
  valueName?: string;
  description: string;
  /** Environment variables, first set wins. Default: PICKET_<NAME>. */
  env?: string[];
  /** Keys in picket.yaml (dotted for nested sections); the flag name is always accepted. */
  configKeys?: string[];
  /** Before coercion (a duration default is written `7d` and resolves to milliseconds). */
  default?: string | boolean | string[] | number;
  /** Allowed values (each item for lists), compared case-insensitively for severities. */
  choices?: readonly string[];
}

export const SEVERITY_NAMES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

export function envNames(spec: OptionSpec): string[] {
  return spec.env ?? [`PICKET_${spec.name.toUpperCase().replace(/-/g, '_')}`];
}

/** Options every command shares. */
export const globalOptionSpecs: OptionSpec[] = [
  { name: 'cache-dir', kind: 'string', valueName: 'dir', description: 'cache directory (advisory DB, downloads)', configKeys: ['cache.dir'] },
  { name: 'quiet', short: 'q', kind: 'boolean', description: 'suppress progress bar and log output', default: false },
  { name: 'debug', short: 'd', kind: 'boolean', description: 'debug mode: verbose logs and stack traces', default: false },
  { name: 'config', short: 'c', kind: 'string', valueName: 'file', description: 'config file', default: 'picket.yaml' },
];

/** Where the advisory DB comes from. */
export const dbOptionSpecs: OptionSpec[] = [
  {
    name: 'db-source',
    kind: 'list',
    valueName: 'path|url',
    description: 'advisory source (OSV .json, .jsonl(.gz), .zip, a directory, or an http(s) URL); repeatable',
    env: ['PICKET_DB_SOURCES', 'PICKET_DB_SOURCE'],
    configKeys: ['db.source', 'db-sources', 'db.sources'],
  },
  { name: 'skip-db-update', kind: 'boolean', description: 'never build or update the advisory DB; use the one in the cache', default: false, configKeys: ['db.skip-update'] },
  { name: 'offline', kind: 'boolean', description: 'no network: URL sources come from copies kept by earlier updates', default: false, configKeys: ['db.offline'] },
  {
    name: 'db-max-age', kind: 'duration', valueName: 'age', description: 'warn when the advisory DB is older than this (e.g. 12h, 7d; 0 = never)',
    default: '7d', configKeys: ['db.max-age'],
  },
];

/** Options of scanning commands (fs today; image, rootfs, repo later). */
export const scanOptionSpecs: OptionSpec[] = [
  { name: 'format', short: 'f', kind: 'string', valueName: 'format', description: 'output format', default: 'table', choices: formatNames },
  { name: 'output', short: 'o', kind: 'list', valueName: 'file', description: 'write to FILE instead of stdout, or FORMAT=FILE for another format too (repeatable: -o cyclonedx=sbom.json -o sarif=r.sarif)' },
  templateOptionSpec,
  cyclonedxVersionOptionSpec,
  {
    name: 'severity', short: 's', kind: 'list', valueName: 'severities', description: 'severities of findings to report (comma-separated)',
    default: [...SEVERITY_NAMES], choices: SEVERITY_NAMES,
  },
  { name: 'ignore-unfixed', kind: 'boolean', description: 'report only vulnerabilities that have a fixed version', default: false, configKeys: ['vulnerability.ignore-unfixed'] },
  { name: 'exit-code', kind: 'int', valueName: 'code', description: 'exit code when findings remain after filtering', default: 0 },
  { name: 'ignorefile', kind: 'string', valueName: 'file', description: 'file of finding ids to ignore (.trivyignore format)', default: '.trivyignore' },
  {
    name: 'sort-by', kind: 'string', valueName: 'order', description: 'order of findings: package (trivy\'s), severity, or priority (known exploited, then EPSS, then severity)',
    default: 'package', choices: SORT_ORDERS,
  },
  {
    name: 'scanners', kind: 'list', valueName: 'scanners', description: 'what to scan for: vuln (packages), secret, misconfig (config files), license (package licences; --license-full adds licence files)',
    default: ['vuln', 'secret'], choices: ['vuln', 'secret', 'misconfig', 'license'], configKeys: ['scan.scanners'],
  },
  {
    name: 'pkg-types', kind: 'list', valueName: 'types', description: 'package types to report: os, library (comma-separated)',
    default: ['os', 'library'], choices: ['os', 'library'], configKeys: ['pkg.types', 'vulnerability.type'],
  },
  { name: 'timeout', kind: 'duration', valueName: 'duration', description: 'give up a scan that takes longer (e.g. 5m, 30s)', default: '5m' },
  { name: 'no-progress', kind: 'boolean', description: 'no progress bar', default: false },
  { name: 'dependency-tree', kind: 'boolean', description: 'table: show which packages pull in each vulnerable package', default: false },
  { name: 'list-all-pkgs', kind: 'boolean', description: 'list every package of each result (Packages) in the JSON report', default: false },
  { name: 'include-dev-deps', kind: 'boolean', description: 'include development dependencies (npm, yarn, pnpm, bun)', default: false, configKeys: ['pkg.include-dev-deps'] },
  { name: 'skip-dirs', kind: 'list', valueName: 'globs', description: 'directories to skip (globs, comma-separated, repeatable)', default: [], configKeys: ['scan.skip-dirs'] },
  { name: 'skip-files', kind: 'list', valueName: 'globs', description: 'files to skip (globs, comma-separated, repeatable)', default: [], configKeys: ['scan.skip-files'] },
];

/** Options of `picket image`: where the image comes from and how to reach it. */
export const imageOptionSpecs: OptionSpec[] = [
  { name: 'input', kind: 'string', valueName: 'path', description: 'image from a file: docker save / docker-archive / oci-archive tar (gzip ok), or an OCI layout dir (DIR[:tag|@sha256:digest])' },
  {
    name: 'image-src', kind: 'list', valueName: 'sources', description: 'where to look for the image, in order (comma-separated)',
    default: ['docker', 'remote'], choices: ['docker', 'podman', 'remote'], configKeys: ['image.source'],
  },
  { name: 'platform', kind: 'string', valueName: 'os/arch[/variant]', description: 'platform of a multi-platform image', default: 'linux/amd64', configKeys: ['image.platform'] },
  { name: 'docker-host', kind: 'string', valueName: 'url', description: 'Docker engine socket (unix:///path or tcp://host:port)', env: ['PICKET_DOCKER_HOST', 'DOCKER_HOST'], configKeys: ['image.docker.host'] },
  { name: 'podman-host', kind: 'string', valueName: 'path', description: 'podman socket (Docker-compatible API)', configKeys: ['image.podman.host'] },
  { name: 'username', kind: 'string', valueName: 'name', description: 'registry user name (else docker config.json)', configKeys: ['registry.username'] },
  { name: 'password', kind: 'string', valueName: 'password', description: 'registry password; prefer the env variable (flags show in the process list)', configKeys: ['registry.password'] },
  { name: 'registry-token', kind: 'string', valueName: 'token', description: 'registry bearer token (instead of user and password)', configKeys: ['registry.token'] },
  { name: 'insecure', kind: 'boolean', description: 'allow plain http and self-signed certificates for registries', default: false, configKeys: ['registry.insecure'] },
  {
    name: 'image-config-scanners', kind: 'list', valueName: 'scanners', description: 'scan the image config too: misconfig (a Dockerfile rebuilt from its history), secret (on whenever --scanners has secret)',
    default: [], choices: ['misconfig', 'secret'], configKeys: ['image.image-config-scanners'],
  },
];

/** Options of `picket clean`. */
export const cleanOptionSpecs: OptionSpec[] = [
  // Deleting is asked for on the command line only: no environment variable, no config key.
  { name: 'scan-cache', kind: 'boolean', description: 'remove the per-layer scan cache', default: false, env: [], configKeys: [] },
  { name: 'vuln-db', kind: 'boolean', description: 'remove the advisory DB', default: false, env: [], configKeys: [] },
  { name: 'all', short: 'a', kind: 'boolean', description: 'remove everything picket keeps in the cache directory', default: false, env: [], configKeys: [] },
];

/** Options of the secret scanner. */
export const secretOptionSpecs: OptionSpec[] = [
  { name: 'secret-config', kind: 'string', valueName: 'file', description: 'secret scanner config (trivy-secret.yaml format: custom rules, allow rules, disabled rules)', default: 'trivy-secret.yaml', configKeys: ['secret.config'] },
];

/** Options of the misconfiguration checks (`picket config`, `--scanners misconfig`). */
export const misconfigOptionSpecs: OptionSpec[] = [
  { name: 'skip-check', kind: 'list', valueName: 'ids', description: 'checks to skip, by id or AVD id (DS002, AVD-KSV-0001); comma-separated, repeatable', default: [], configKeys: ['misconfiguration.skip-check'] },
  { name: 'config-check', kind: 'list', valueName: 'dir', description: 'directory of user checks (.js/.mjs modules, see docs/custom-checks.md); repeatable', default: [], configKeys: ['misconfiguration.config-check'] },
  { name: 'include-non-failures', kind: 'boolean', description: 'list passed and excepted checks too', default: false, configKeys: ['misconfiguration.include-non-failures'] },
  { name: 'tf-vars', kind: 'list', valueName: 'file', description: 'Terraform variables file (.tfvars), applied after each root module\'s own; repeatable', default: [], configKeys: ['misconfiguration.terraform.vars'] },
  { name: 'helm-values', kind: 'list', valueName: 'file', description: 'Helm values file for rendering charts; repeatable', default: [], configKeys: ['misconfiguration.helm.values'] },
  { name: 'helm-set', kind: 'list', valueName: 'key=value', description: 'Helm value override (helm --set syntax); repeatable', default: [], configKeys: ['misconfiguration.helm.set'] },
  { name: 'helm-set-string', kind: 'list', valueName: 'key=value', description: 'Helm value override kept as a string; repeatable', default: [], configKeys: ['misconfiguration.helm.set-string'] },
  { name: 'helm-kube-version', kind: 'string', valueName: 'version', description: 'Kubernetes version charts are rendered for (.Capabilities.KubeVersion)', configKeys: ['misconfiguration.helm.kube-version'] },
  { name: 'helm-api-versions', kind: 'list', valueName: 'versions', description: 'API versions .Capabilities.APIVersions.Has answers true for', default: [], configKeys: ['misconfiguration.helm.api-versions'] },
  { name: 'file-patterns', kind: 'list', valueName: 'type:regex', description: 'treat matching files as this config type (dockerfile:^build/.*\\.df$); repeatable', default: [], configKeys: ['misconfiguration.file-patterns'] },
];

export type OptionValue = string | boolean | string[] | number | undefined;
export type OptionValues = Record<string, OptionValue>;
export type OptionSource = 'flag' | 'env' | 'config' | 'default';

/** Converts a raw string or config value to the option's kind; throws a one-line UserError. */
export function coerceOption(spec: OptionSpec, raw: unknown, where: string): OptionValue {
  const bad = (why: string) => new UserError(`${where}: invalid value for ${spec.name}: ${why}`);
  switch (spec.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|1|yes)$/i.test(raw)) return true;
      if (typeof raw === 'string' && /^(false|0|no|)$/i.test(raw)) return false;
      throw bad(`"${String(raw)}" is not true or false`);
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > 255) throw bad(`"${String(raw)}" is not an integer from 0 to 255`);
      return n;
    }
    case 'list': {
      const items = (Array.isArray(raw) ? raw : [raw]).flatMap((item) => {
        if (typeof item !== 'string' && typeof item !== 'number') throw bad(`"${JSON.stringify(item)}" is not a string`);
        return String(item).split(',').map((s) => s.trim()).filter((s) => s !== '');
      });
      if (spec.choices) {
        return items.map((item) => {
          const hit = spec.choices!.find((c) => c.toLowerCase() === item.toLowerCase());
          if (!hit) throw bad(`"${item}" is not one of ${spec.choices!.join(', ')}`);
          return hit;
        });
      }
      return items;
    }
    case 'duration': {
      const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(String(raw));
      if (!m) throw bad(`"${String(raw)}" is not a duration like 30m, 12h or 7d`);
      const unit = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3 }[(m[2] ?? 's') as 'ms'];
      return Number(m[1]) * unit;
    }
    case 'string':
      if (typeof raw === 'string' || typeof raw === 'number') {
        const value = String(raw);
        if (spec.choices && !spec.choices.includes(value)) throw bad(`"${value}" is not one of ${spec.choices.join(', ')}`);
        return value;
      }
      throw bad(`"${JSON.stringify(raw)}" is not a string`);
  }
}
