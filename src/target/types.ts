import type { FileInfo } from '../analyzer/types.js';

/** Something that yields files to analyze: a directory today; later a rootfs, an image, a repo. */
export interface Target {
  /** What the report calls the artifact (`ArtifactName`). */
  name: string;
  artifactType: 'filesystem' | 'repository' | 'container_image';
  /** What is in it: project sources (lockfiles) or an installed system (package DBs, installed packages). */
  contents: 'source' | 'installed';
  /** What the report's `Metadata` says about the artifact (a repository's commit, ...). */
  metadata?: Record<string, unknown>;
  /** Every regular file, path relative to the target root with `/` separators. */
  files(): AsyncIterable<FileInfo>;
  /** Reads one file by relative path; undefined when absent, outside the target or not a file. */
  read(path: string): Promise<Buffer | undefined>;
}

/** What the report needs to know about any target (files-based or layered). */
export type ReportTarget = Pick<Target, 'name' | 'artifactType' | 'metadata'>;
