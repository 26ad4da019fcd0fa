/**
 * Test helper: a real docker credential helper, `docker-credential-<name>`, as a shell script in a
 * fresh directory to put on PATH. It speaks the helpers' `get` protocol from a fixed store
 * (`server user secret` lines), answers "credentials not found in native keychain" otherwise, and
 * appends every server asked for to `requests.log` beside it.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/temp.js';

/** Writes the helper; returns its directory (for PATH). */
export function writeCredentialHelper(name: string, store: [server: string, user: string, secret: string][]): string {
  const dir = tempDir('picket-cred-helper-');
  writeFileSync(join(dir, 'store'), store.map((entry) => `${entry.join(' ')}\n`).join(''));
  const script = `#!/bin/sh
here=$(dirname "$0")
if [ "$1" != get ]; then echo "unsupported action: $1" >&2; exit 1; fi
server=$(cat)
printf '%s\\n' "$server" >> "$here/requests.log"
line=$(grep -F -- "$server " "$here/store" | head -n 1)
if [ -z "$line" ]; then echo "credentials not found in native keychain"; exit 1; fi
rest=\${line#"$server "}
user=\${rest%% *}
secret=\${rest#* }
printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}\\n' "$server" "$user" "$secret"
`;
  writeFileSync(join(dir, `docker-credential-${name}`), script);
  chmodSync(join(dir, `docker-credential-${name}`), 0o755);
  return dir;
}
