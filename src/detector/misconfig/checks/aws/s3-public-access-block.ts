import type { CloudState } from '../../cloud/state.js';
import { fail, isOff } from '../cloud-define.js';
import type { Cause } from '../../types.js';

type BlockSetting = 'blockPublicAcls' | 'blockPublicPolicy' | 'ignorePublicAcls' | 'restrictPublicBuckets';

/**
 * What AWS-0086/0087/0091/0093 share: each bucket needs a public access block with one setting on.
 * A bucket without a block fails at the bucket (`what` is not blocked); a block without the setting
 * fails at the setting (`name` is the Terraform attribute).
 */
export function publicAccessBlockCauses(state: CloudState, setting: BlockSetting, name: string, what: string): Cause[] {
  return state.aws.s3.buckets.flatMap((bucket) => {
    const block = bucket.publicAccessBlock;
    if (!block) return [fail(bucket.loc, `Bucket has no public access block: ${what} are not blocked`)];
    return isOff(block[setting]) ? [fail(block[setting].loc, `Public access block does not set ${name}`)] : [];
  });
}
