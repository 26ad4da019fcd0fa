import type { ReportWriter } from './types.js';
import { artifactOf, isoSeconds, PICKET_URL, reportTime, toolVersion } from './artifact.js';

/**
 * GitHub dependency submission (snapshot) JSON, as trivy writes it: one manifest per result with
 * its packages (purl, direct/indirect, dependencies, runtime/development scope), the CI job from
 * GITHUB_REF, GITHUB_SHA, GITHUB_WORKFLOW, GITHUB_JOB and GITHUB_RUN_ID.
 */
export const githubWriter: ReportWriter = {
  format: 'github',
  render(report, options) {
    const env = options.env ?? process.env;
    const artifact = artifactOf(report);
    const metadata: Record<string, string> = {};
    if (artifact.repoTags.length) metadata['aquasecurity:trivy:RepoTag'] = artifact.repoTags.join(', ');
    if (artifact.repoDigests.length) metadata['aquasecurity:trivy:RepoDigest'] = artifact.repoDigests.join(', ');
    const manifests: Record<string, unknown> = {};
    for (const r of report.Results) {
      if (!r.Packages) continue;
      let source: string | undefined;
      if (r.Class === 'lang-pkgs') {
        if (report.ArtifactType === 'container_image') {
          const hash = artifact.repoDigests.join(', ').split('@')[1];
          source = artifact.repoTags.join(', ') + (hash ? `@${hash}` : '');
        } else {
          source = r.Target;
        }
      }
      const resolved: Record<string, unknown> = {};
      for (const p of r.Packages) {
        const key = resolved[p.Name] === undefined ? p.Name : `${p.Name}@${p.Version}`;
        // Key by key, in the order the JSON lists them.
        const entry: Record<string, unknown> = { package_url: p.Identifier.PURL, relationship: p.Relationship === 'indirect' ? 'indirect' : 'direct' };
        if (p.DependsOn?.length) entry.dependencies = p.DependsOn;
        entry.scope = p.Dev ? 'development' : 'runtime';
        if (p.FilePath) entry.metadata = { source_location: p.FilePath };
        resolved[key] = entry;
      }
      manifests[r.Target] = { name: r.Type ?? r.Class, ...(source !== undefined ? { file: { source_location: source } } : {}), resolved };
    }
    const snapshot = {
      version: 0,
      detector: { name: 'picket', version: toolVersion(report, options.appVersion), url: PICKET_URL },
      ...(Object.keys(metadata).length ? { metadata } : {}),
      ...(env.GITHUB_REF ? { ref: env.GITHUB_REF } : {}),
      ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
      job: { correlator: `${env.GITHUB_WORKFLOW ?? ''}_${env.GITHUB_JOB ?? ''}`, id: env.GITHUB_RUN_ID ?? '' },
      scanned: isoSeconds(reportTime(report, options.now)),
      manifests,
    };
    return `${JSON.stringify(snapshot, null, 2)}\n`;
  },
};
