/**
 * Config files known by name, and the files a tree scan gathers. No parser is imported here, so
 * the analyzer that gathers config files (and `configFileType`) load nothing of the engine.
 */

/**
 * True for Dockerfile names, as trivy decides: `Dockerfile` or `Containerfile` with at most one
 * extension (`Dockerfile.prod`), or any name with the extension `.dockerfile`/`.containerfile`.
 * Case-insensitive.
 */
export function isDockerfileName(path: string): boolean {
  const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  const dot = base.lastIndexOf('.');
  const ext = dot >= 0 ? base.slice(dot) : '';
  return ['dockerfile', 'containerfile'].some((name) => base === name + ext || ext === `.${name}`);
}

const COMPOSE_NAME = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i;

/** True for Compose file names: `compose.yaml`, `docker-compose.yml`, `docker-compose.prod.yaml`, `compose.override.yml`. */
export function isComposeFileName(path: string): boolean {
  return COMPOSE_NAME.test(path.split(/[\\/]/).pop() ?? '');
}

/** True for the files the Terraform reader loads: `.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`, the module cache index. */
export function isTerraformFile(path: string): boolean {
  return /\.tf(\.json)?$/i.test(path) || /\.tfvars(\.json)?$/i.test(path) || path.endsWith('.terraform/modules/modules.json');
}

/** True for a chart package name (`.tgz`, `.tar.gz`). */
export function isChartArchive(path: string): boolean {
  return /\.(tgz|tar\.gz)$/i.test(path);
}

/** True for a file that makes its directory a Helm chart. */
export function isChartYaml(path: string): boolean {
  return path === 'Chart.yaml' || path.endsWith('/Chart.yaml');
}

/**
 * True for the files `scanConfigTree` wants: Dockerfiles, YAML/JSON (Kubernetes, CloudFormation,
 * Compose, Helm values), Terraform (`.tf`, `.tf.json`, `.tfvars`, the module cache index), Helm
 * chart files (`Chart.yaml`, `templates/**`, `.tpl`, `.helmignore`) and chart packages.
 */
export function wantsConfigFile(path: string): boolean {
  if (isDockerfileName(path) || isTerraformFile(path) || isComposeFileName(path) || isChartArchive(path)) return true;
  if (/\.(ya?ml|json|tpl|template)$/i.test(path)) return true;
  return /(^|\/)(templates\/|\.helmignore$)/.test(path);
}
