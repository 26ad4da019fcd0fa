/** Terraform → Google Cloud: storage buckets (with their IAM members) and compute firewall rules. */
import { parsePortRange } from '../net.js';
import type { FirewallRule, GcsBucket } from '../state.js';
import { def, val } from '../state.js';
import type { TerraformProject } from '../../terraform/project.js';
import { refersTo } from '../../terraform/references.js';
import { toTfString } from '../../terraform/values.js';
import { TfResource } from './read.js';

/** `google_storage_bucket` with the members of its IAM bindings and members. */
export function adaptGcsBuckets(project: TerraformProject): GcsBucket[] {
  const bindings = [...project.resources('google_storage_bucket_iam_binding'), ...project.resources('google_storage_bucket_iam_member')];
  const buckets = project.resources('google_storage_bucket');
  const logTargets = new Set(buckets.map((b) => toTfString(b.childBlock('logging')?.value('log_bucket') ?? null)).filter((n): n is string => n !== undefined));
  return buckets.map((block) => {
    const r = new TfResource(block);
    const name = toTfString(block.value('name') ?? null) ?? '';
    const members = bindings
      .filter((b) => refersTo(b, 'bucket', block, name ? [name] : []))
      .flatMap((b) => {
        const br = new TfResource(b);
        return [...br.strList('members'), ...(b.attribute('member') ? [br.str('member')] : [])];
      });
    const versioning = block.childBlock('versioning');
    const logging = block.childBlock('logging');
    return {
      loc: r.loc(),
      members,
      uniformAccess: r.bool('uniform_bucket_level_access'),
      versioning: versioning ? r.bool('enabled', false, versioning) : def(false, r.loc()),
      logging: logging && r.has('log_bucket', logging) ? val(true, r.loc(logging.span)) : def(false, r.loc()),
      logTarget: logTargets.has(name),
    };
  });
}

/** `google_compute_firewall` allow/deny blocks (rules limited by tags are left out, as trivy does). */
export function adaptFirewallRules(project: TerraformProject): FirewallRule[] {
  const rules: FirewallRule[] = [];
  for (const block of project.resources('google_compute_firewall')) {
    const r = new TfResource(block);
    if (block.attribute('source_tags') || block.attribute('target_tags')) continue;
    const direction = (toTfString(block.value('direction') ?? null) ?? 'INGRESS').toUpperCase() === 'EGRESS' ? 'EGRESS' : 'INGRESS';
    const disabled = r.bool('disabled');
    const ranges = r.strList(direction === 'INGRESS' ? 'source_ranges' : 'destination_ranges');
    for (const [type, allow] of [['allow', true], ['deny', false]] as const) {
      for (const b of block.childBlocks(type)) {
        const ports = r.strList('ports', b).map((p) => parsePortRange(p.value) ?? ([0, 0] as [number, number]));
        rules.push({
          loc: r.loc(b.span),
          direction,
          allow,
          enforced: { ...disabled, value: !disabled.value },
          ranges,
          ports: ports.length > 0 ? ports : [[0, 65535]],
          protocol: r.str('protocol', 'all', b),
        });
      }
    }
  }
  return rules;
}
