import type { Readable } from 'node:stream';

/**
 * A container image as the scan needs it, whatever it came from (a registry, the Docker engine,
 * a `docker save` tar, an OCI layout): its config and its layers, each opened as a stream on
 * demand. Sources never unpack layers; the layer reader streams them.
 */
export interface ImageLayer {
  /**
   * Digest of the layer blob as stored (compressed): the manifest's layer digest
   * (trivy's `Layer.Digest`). Undefined when the source has no such digest.
   */
  digest?: string;
  /** sha256 of the uncompressed tar: `rootfs.diff_ids[i]` of the config (`Layer.DiffID`). */
  diffId: string;
  /** Media type from the manifest when known (gzip, zstd, uncompressed tar). */
  mediaType?: string;
  /** Size of the blob as stored, when known. */
  size?: number;
  /**
   * Opens the blob as stored: gzip, zstd or plain tar (the reader sniffs magic bytes).
   * Sources verify the blob digest while streaming where they can; a mismatch fails the stream.
   */
  open(): Promise<Readable>;
}

/** The OCI image config (`application/vnd.oci.image.config.v1+json`), the fields the scan reads. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: {
    User?: string;
    Env?: string[];
    Cmd?: string[];
    Entrypoint?: string[];
    WorkingDir?: string;
    Labels?: Record<string, string>;
    ExposedPorts?: Record<string, unknown>;
    Volumes?: Record<string, unknown>;
    Healthcheck?: unknown;
    [key: string]: unknown;
  };
  rootfs?: { type: string; diff_ids: string[] };
  history?: { created?: string; created_by?: string; empty_layer?: boolean; comment?: string; author?: string }[];
  [key: string]: unknown;
}

export interface ImageSource {
  /** What the user asked for, as the report shows it (`ArtifactName`): a reference or a path. */
  name: string;
  /** Which source served it (for logs): `remote`, `docker`, `archive`, `oci-layout`. */
  kind: 'remote' | 'docker' | 'podman' | 'archive' | 'oci-layout';
  /** `sha256:` digest of the config blob (trivy's `ImageID`). */
  imageId: string;
  config: ImageConfig;
  /** `registry/repo:tag` names the image is known by (trivy's `RepoTags`). */
  repoTags: string[];
  /** `registry/repo@sha256:<manifest digest>` (trivy's `RepoDigests`). */
  repoDigests: string[];
  /** In order, bottom first; as many as `config.rootfs.diff_ids`. */
  layers: ImageLayer[];
  /** Removes whatever opening the image made (temporary files in the cache dir, open handles). */
  close(): Promise<void>;
}

/** What every source's opener gets. */
export interface ImageSourceOptions {
  /** `os/arch[/variant]`, default `linux/amd64`; used where the source has several platforms. */
  platform?: string;
  /** Directory under the cache dir where a source may put temporary files (removed by close()). */
  tempDir: string;
  /** Debug log lines (never credentials). */
  onDebug?: (message: string) => void;
}
