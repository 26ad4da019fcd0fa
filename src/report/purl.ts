import { createHash } from 'node:crypto';
import { PackageURL } from 'packageurl-js';
import type { PkgIdentifier } from './model.js';

/** purl of a package: `pkg:npm/%40scope/name@1.0.0` (npm scopes become the purl namespace). */
export function purlOf(purlType: string, name: string, version: string, osNamespace?: string, qualifiers?: Record<string, string>): string {
  let namespace: string | undefined = osNamespace;
  let base = name;
  const slash = name.lastIndexOf('/');
  if (slash > 0 && (purlType === 'npm' || purlType === 'golang' || purlType === 'composer' || purlType === 'swift')) {
    namespace = name.slice(0, slash);
    base = name.slice(slash + 1);
  }
  const colon = name.indexOf(':');
  if (colon > 0 && purlType === 'maven') {
    // Maven `groupId:artifactId`: the groupId is the namespace.
    namespace = name.slice(0, colon);
    base = name.slice(colon + 1);
  }
  if (purlType === 'rpm') {
    // rpm: the epoch is a qualifier, the purl version is version-release (as trivy writes it).
    const epoch = /^(\d+):(.+)$/.exec(version);
    if (epoch) {
      version = epoch[2];
      if (epoch[1] !== '0') qualifiers = { ...qualifiers, epoch: epoch[1] };
    }
  }
  let subpath: string | undefined;
  if (purlType === 'cocoapods' && name.includes('/')) {
    // A CocoaPods subspec `Pod/Sub`: the pod is the name, the subspec the subpath (as trivy writes it).
    [base, subpath] = [name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1)];
  }
  const quals = qualifiers && Object.keys(qualifiers).length > 0 ? qualifiers : undefined;
  try {
    return new PackageURL(purlType, namespace, base, version, quals, subpath).toString();
  } catch {
    // packageurl-js refuses some real names and versions (a Go main module named `./x/`, Google's
    // `v1.22-20231128-RC02` toolchains): build the purl by the spec's encoding rules instead.
    return fallbackPurl(purlType, namespace, base || name || 'unknown', version, quals, subpath);
  }
}

/** A purl string by the spec's rules: percent-encoded parts, qualifiers sorted by key. */
function fallbackPurl(type: string, namespace: string | undefined, name: string, version: string, qualifiers: Record<string, string> | undefined, subpath: string | undefined): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%3A/gi, ':');
  const ns = namespace ? `${namespace.split('/').filter(Boolean).map(enc).join('/')}/` : '';
  const q = qualifiers ? Object.keys(qualifiers).sort().map((k) => `${k}=${enc(qualifiers[k])}`).join('&') : '';
  return `pkg:${type}/${ns}${enc(name)}${version ? `@${enc(version)}` : ''}${q ? `?${q}` : ''}${subpath ? `#${subpath.split('/').map(enc).join('/')}` : ''}`;
}

/** Identifier of a package within a report: its purl, and a UID stable for the same file and package. */
export function identifierOf(purlType: string, name: string, version: string, filePath: string, osNamespace?: string, qualifiers?: Record<string, string>): PkgIdentifier {
  const purl = purlOf(purlType, name, version, osNamespace, qualifiers);
  const uid = createHash('sha256').update(filePath).update('\0').update(purl).digest('hex').slice(0, 16);
  return { PURL: purl, UID: uid };
}

/** purl qualifiers of an OS package: `arch` and `distro` (`debian-12.4`, `alpine-3.19.1`). */
export function osQualifiers(arch: string | undefined, distro: string | undefined): Record<string, string> | undefined {
  if (!arch && !distro) return undefined;
  return { ...(arch ? { arch } : {}), ...(distro ? { distro } : {}) };
}
