import { RegistryError } from '../../../oci/errors.js';

/** How the registry was asked, to say what to try next (never the secret itself). */
export interface AuthUsed {
  /** `--username/--password`, `--registry-token`, `the docker config`, `docker-credential-x`; undefined when anonymous. */
  from?: string;
  /** What to check when they are refused: `check --username/--password`. */
  fix?: string;
}

/**
 * A registry failure as one line that names the image and the registry and says what to do:
 * credentials to give or check (the flags, `docker login`), `--insecure` for untrusted TLS.
 * The kind of the error is kept, so callers can still tell "not found" from "unreachable".
 */
export function explainRegistryError(err: unknown, image: string, registry: string, auth: AuthUsed): unknown {
  if (!(err instanceof RegistryError)) return err;
  const said = err.message;
  let message: string;
  switch (err.kind) {
    case 'unauthorized':
      message = auth.from === undefined
        ? `${image}: ${registry} denied access without credentials (${said}); if the image exists, give --username and --password (or --registry-token, PICKET_USERNAME/PICKET_PASSWORD, or docker login ${registry})`
        : `${image}: ${registry} refused the credentials from ${auth.from} (${said}); ${auth.fix ?? `check them or run docker login ${registry}`}`;
      break;
    case 'not-found':
      message = `${image}: not found in ${registry} (${said})`;
      break;
    case 'network':
      message = /TLS certificate/.test(said) ? `${image}: ${said}` : `${image}: registry ${registry} unreachable (${said})`;
      break;
    default:
      message = `${image}: ${said}`;
  }
  return new RegistryError(err.kind, message, err.status);
}
