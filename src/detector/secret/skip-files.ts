/**
 * Files the secret scanner never reads: binaries by extension (images, archives, fonts, compiled
 * code, media, databases) and by content (a NUL byte in the first 8 KiB, as git decides).
 */
const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'webp', 'tif', 'tiff', 'psd', 'heic', 'avif',
  'zip', 'gz', 'gzip', 'tgz', 'bz2', 'xz', 'zst', 'lz4', '7z', 'rar', 'tar', 'jar', 'war', 'ear', 'apk', 'ipa', 'aar', 'whl', 'egg', 'nupkg', 'deb', 'rpm', 'dmg', 'iso', 'img', 'msi', 'cab',
  'woff', 'woff2', 'ttf', 'otf', 'eot',
  'exe', 'dll', 'so', 'dylib', 'a', 'o', 'obj', 'lib', 'bin', 'class', 'pyc', 'pyo', 'wasm', 'node', 'elc', 'beam',
  'mp3', 'mp4', 'm4a', 'm4v', 'wav', 'ogg', 'oga', 'flac', 'aac', 'avi', 'mov', 'mkv', 'webm', 'wmv', 'flv', 'mid',
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp',
  'db', 'sqlite', 'sqlite3', 'mdb', 'pack', 'idx', 'dat', 'socket', 'lockb',
]);

/** Whether the file name's extension says binary. */
export function hasBinaryExtension(path: string): boolean {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot <= slash + 1) return false;
  return BINARY_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

/** Whether the content looks binary: a NUL byte in its first 8 KiB. */
export function looksBinary(content: Uint8Array): boolean {
  const end = Math.min(content.length, 8192);
  for (let i = 0; i < end; i++) if (content[i] === 0) return true;
  return false;
}
