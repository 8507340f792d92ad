/**
 * The path of a request, read the same way by every part that needs it: the node listener's 404,
 * sender verification's canonical request, event identity by address and `verify`'s request
 * target. Plain string scanning, since it runs on every request.
 */

/**
 * Where an absolute URL's authority starts (after `://`); -1 for a request target (`/a?x`),
 * whose query may itself hold `://`. The one rule for both shapes that requestPath and the
 * request target `verify` sees share.
 */
export function afterScheme(url: string): number {
  if (url.startsWith('/')) return -1;
  const scheme = url.indexOf('://');
  return scheme < 0 ? -1 : scheme + 3;
}

/**
 * The path of a request URL without building a URL object: of an absolute URL (`Request.url`,
 * `http://host/a/b?x` → `/a/b`) the part after the authority, of a request target (`/a/b?x`) the
 * part before its query. No path at all is the root.
 */
export function requestPath(url: string): string {
  const authority = afterScheme(url);
  const from = authority < 0 ? 0 : authority;
  // indexOf rather than a regular expression: this runs on every request.
  const query = url.indexOf('?', from);
  const fragment = url.indexOf('#', from);
  const end = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
  const start = authority < 0 ? 0 : url.indexOf('/', from);
  // A `/` only inside the query or fragment (`http://host?next=/a`) is not a path either.
  if (start < 0 || (end >= 0 && end <= start)) return '/';
  return (end < 0 ? url.slice(start) : url.slice(start, end)) || '/';
}
