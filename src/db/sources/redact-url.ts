/** Strips credentials and query strings from a source URL before it is stored or shown. */
export function redactUrl(source: string): string {
  if (!/^https?:\/\//i.test(source)) return source;
  try {
    const url = new URL(source);
    url.username = '';
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return source;
  }
}
