import { UserError } from '../errors.js';

/** What went wrong talking to a registry, for callers that react differently to each. */
export type RegistryErrorKind =
  | 'unauthorized' // no, missing or wrong credentials; or the credentials lack the access asked for
  | 'not-found' // repository, manifest or blob does not exist
  | 'digest-mismatch' // content does not hash to the digest it was asked for by
  | 'unsupported' // a media type or digest algorithm this client does not handle
  | 'protocol' // an answer the distribution spec does not allow, or an unexpected status
  | 'network'; // the registry or token server could not be reached

/**
 * A registry failure as one line. Messages never carry credentials, tokens or Authorization
 * headers; they say what was asked (manifest, blob, upload) and what the registry answered.
 */
export class RegistryError extends UserError {
  constructor(readonly kind: RegistryErrorKind, message: string, readonly status?: number) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
    this.name = 'RegistryError';
  }
}
