import { UserError } from '../../errors.js';

/** `picket image`: placeholder until the image target lands. */
export async function runImageScan(_reference: string | undefined, _flags: Record<string, unknown>): Promise<number> {
  throw new UserError('picket image is not available yet');
}
