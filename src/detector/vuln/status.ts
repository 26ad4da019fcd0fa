import type { OsvAffected } from '../../db/osv-types.js';
import type { DetectedVulnerability } from '../../report/model.js';

/**
 * trivy's Status of a finding: from the distribution's own word when the feed gives one
 * (`ecosystem_specific.status`, written by the OS feed converters), else `fixed` when a fixed
 * version exists and `affected` when none does.
 */
const statusByFeedWord: Record<string, DetectedVulnerability['Status']> = {
  fixed: 'fixed',
  unfixed: 'affected',
  'will-not-fix': 'will_not_fix',
  ignored: 'will_not_fix',
  'no-dsa': 'will_not_fix',
  'fix-deferred': 'fix_deferred',
  'end-of-life': 'end_of_life',
};

export function findingStatus(entry: OsvAffected | undefined, hasFix: boolean): DetectedVulnerability['Status'] {
  const word = entry?.ecosystem_specific?.status;
  if (typeof word === 'string' && statusByFeedWord[word] && !(hasFix && statusByFeedWord[word] !== 'fixed')) return statusByFeedWord[word];
  return hasFix ? 'fixed' : 'affected';
}
