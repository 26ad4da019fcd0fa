import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResultClass } from '../model.js';

/**
 * The artifact URI of a result in SARIF, as trivy writes it: language files and configs keep their
 * path; an OS result (`alpine:3.19 (alpine 3.19.1)`) becomes the image's repository path
 * (`library/alpine`), or the archive path for an image file.
 */
export function sarifTargetUri(target: string, resultClass: ResultClass): string {
  if (resultClass !== 'os-pkgs') return clearUri(target);
  const bare = target.replace(/\s*\([^)]*\).*$/, '');
  return clearUri(repositoryOf(bare) ?? bare);
}

const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const reference = new RegExp(`^(?:([a-zA-Z0-9.-]+(?::[0-9]+)?)/)?(${component}(?:/${component})*)(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

/** The repository path of an image reference (registry and tag removed, Docker Hub's `library/` added). */
function repositoryOf(ref: string): string | undefined {
  const m = reference.exec(ref);
  if (!m) return undefined;
  let domain: string | undefined = m[1];
  let path = m[2];
  if (domain && !/[.:]/.test(domain) && domain !== 'localhost') {
    // Not a registry host: the first path component.
    path = `${domain}/${path}`;
    domain = undefined;
  }
  const dockerHub = !domain || domain === 'docker.io' || domain === 'index.docker.io';
  return dockerHub && !path.includes('/') ? `library/${path}` : path;
}

/** Backslashes to slashes, and trivy's rewriting of Terraform module sources. */
function clearUri(s: string): string {
  s = s.replace(/\\/g, '/');
  if (s.startsWith('git@github.com:')) return s.replace('git@github.com:', 'github.com/').replace(/\.git/g, '').replace('?ref=', '/tree/');
  if (s.startsWith('git::https:/') && !s.startsWith('git::https://')) return s.slice('git::https:/'.length).replace(/\.git/g, '');
  if (s.startsWith('git::ssh://')) return (s.includes('@') ? s.slice(s.indexOf('@') + 1) : s).replace(/\.git/g, '');
  if (s.startsWith('git::')) return s.slice(5).replace(/\.git/g, '');
  if (s.startsWith('hg::')) return s.slice(4).replace(/\.hg/g, '');
  if (s.startsWith('s3::')) return s.slice(4);
  if (s.startsWith('gcs::')) return s.slice(5);
  return s;
}

/** `file:///abs/path/`: the ROOTPATH base of a filesystem scan's relative URIs. */
export function rootPathUri(path: string): string {
  const url = pathToFileURL(resolve(path)).href;
  return url.endsWith('/') ? url : `${url}/`;
}
