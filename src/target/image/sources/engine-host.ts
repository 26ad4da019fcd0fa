/**
 * Where a container engine's API listens: `unix:///path/to.sock` or `tcp://host[:port]` (plain
 * HTTP, as DOCKER_HOST writes it). `label` is the host as messages show it (never credentials).
 */
export type EngineEndpoint =
  | { label: string; socketPath: string }
  | { label: string; hostname: string; port: number };

/** The Docker engine's default: DOCKER_HOST, else the system socket. */
export function defaultDockerHost(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.DOCKER_HOST?.trim();
  return fromEnv ? fromEnv : 'unix:///var/run/docker.sock';
}

/**
 * podman's API socket: `/run/podman/podman.sock` for root, else the rootless one under
 * `$XDG_RUNTIME_DIR` (or `/run/user/<uid>`), as `unix://` URL.
 */
export function defaultPodmanHost(env: NodeJS.ProcessEnv = process.env, uid: number = process.getuid?.() ?? 0): string {
  if (uid === 0) return 'unix:///run/podman/podman.sock';
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim() || `/run/user/${uid}`;
  return `unix://${runtimeDir.replace(/\/+$/, '')}/podman/podman.sock`;
}

/** Parses an engine host URL; for schemes and forms picket does not speak, `{ unsupported: why }`. */
export function parseEngineHost(host: string): EngineEndpoint | { unsupported: string } {
  const text = host.trim();
  if (text.startsWith('unix://')) {
    const socketPath = text.slice('unix://'.length);
    if (!socketPath.startsWith('/')) return { unsupported: `"${text}" needs an absolute socket path (unix:///path/to.sock)` };
    return { label: text, socketPath };
  }
  if (text.startsWith('tcp://')) {
    let url: URL;
    try {
      url = new URL(`http://${text.slice('tcp://'.length)}`);
    } catch {
      return { unsupported: `"tcp://…" host is not a valid host[:port]` };
    }
    if (url.pathname !== '/' && url.pathname !== '') return { unsupported: `"${url.host}": a tcp:// engine host has no path` };
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = url.port === '' ? 2375 : Number(url.port);
    return { label: `tcp://${url.host}${url.port === '' ? ':2375' : ''}`, hostname, port };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1];
  return { unsupported: scheme ? `${scheme}:// engine hosts are not supported (use unix:// or tcp://)` : `"${text}" is not an engine host URL (unix:///path/to.sock or tcp://host:port)` };
}
