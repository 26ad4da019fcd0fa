import { UserError } from '../errors.js';

/** A failed Kubernetes API request: the HTTP status and the API's own reason (`Forbidden`, `NotFound`). */
export class K8sApiError extends UserError {
  constructor(message: string, readonly status: number, readonly reason?: string) {
    super(message);
    this.name = 'K8sApiError';
  }
}
