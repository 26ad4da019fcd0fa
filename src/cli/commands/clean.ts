import { UserError } from '../../errors.js';

/** `picket clean`: placeholder until the scan cache lands. */
export async function runClean(_flags: Record<string, unknown>): Promise<number> {
  throw new UserError('picket clean is not available yet');
}
