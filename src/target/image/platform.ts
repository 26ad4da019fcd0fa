import { UserError } from '../../errors.js';

/** An image platform, `os/arch[/variant]`, normalised the way containerd normalises it. */
export interface Platform {
  os: string;
  architecture: string;
  /** Absent when the architecture's default applies (amd64: none, arm64: v8); arm always has one (default v7). */
  variant?: string;
}

/** What `--platform` means when not given. */
export const DEFAULT_PLATFORM = 'linux/amd64';

/**
 * Parses `--platform`: `linux/amd64`, `linux/arm64/v8`, `linux/arm` (= `linux/arm/v7`). Aliases
 * are accepted as containerd accepts them (`x86_64`, `aarch64`, `armhf`, `armel`, `i386`).
 * Anything else is a UserError naming the flag.
 */
export function parsePlatform(text: string = DEFAULT_PLATFORM): Platform {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part.trim() === '')) {
    throw new UserError(`invalid --platform "${text}": expected os/arch[/variant], e.g. linux/amd64 or linux/arm64`);
  }
  return normalizePlatform({ os: parts[0], architecture: parts[1], ...(parts[2] !== undefined ? { variant: parts[2] } : {}) });
}

/**
 * containerd's normalisation (`platforms.Normalize`): lowercase; `x86_64` -> amd64, `aarch64` ->
 * arm64, `armhf` -> arm/v7, `armel` -> arm/v6, `i386` -> 386; arm64's v8 is its default (dropped),
 * arm without a variant is v7, amd64's v1 is its default (dropped).
 */
export function normalizePlatform(platform: { os: string; architecture: string; variant?: string }): Platform {
  const os = platform.os.trim().toLowerCase();
  let architecture = platform.architecture.trim().toLowerCase();
  let variant = (platform.variant ?? '').trim().toLowerCase();
  switch (architecture) {
    case 'i386':
      architecture = '386';
      variant = '';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      architecture = 'amd64';
      if (variant === 'v1') variant = '';
      break;
    case 'aarch64':
    case 'arm64':
      architecture = 'arm64';
      if (variant === '8' || variant === 'v8' || variant === 'v8.0') variant = '';
      else if (variant === '9' || variant === '9.0' || variant === 'v9.0') variant = 'v9';
      break;
    case 'armhf':
      architecture = 'arm';
      variant = 'v7';
      break;
    case 'armel':
      architecture = 'arm';
      variant = 'v6';
      break;
    case 'arm':
      if (variant === '' || variant === '7') variant = 'v7';
      else if (/^[5-8]$/.test(variant)) variant = `v${variant}`;
      break;
  }
  return { os, architecture, ...(variant !== '' ? { variant } : {}) };
}

/** Whether an index entry's platform is the one wanted: equal os, architecture and variant after normalisation. */
export function platformMatches(actual: { os: string; architecture: string; variant?: string } | undefined, wanted: Platform): boolean {
  if (actual === undefined || typeof actual.os !== 'string' || typeof actual.architecture !== 'string') return false;
  const normal = normalizePlatform(actual);
  const want = normalizePlatform(wanted);
  return normal.os === want.os && normal.architecture === want.architecture && (normal.variant ?? '') === (want.variant ?? '');
}

/** `linux/arm64/v8` as written in the index (the variant shown as given). */
export function formatPlatform(platform: { os: string; architecture: string; variant?: string }): string {
  return [platform.os, platform.architecture, platform.variant].filter((part) => part !== undefined && part !== '').join('/');
}
