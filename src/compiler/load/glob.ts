/** Minimal glob support (`*`, `**`, `?`, `{a,b}`) so paths on the command line work the same in every shell. */

export function isGlob(pattern: string): boolean {
  return /[*?{[]/.test(pattern);
}

/** The folder part of a glob before its first wildcard: where the walk starts. */
export function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const index = segments.findIndex((s) => isGlob(s));
  return segments.slice(0, index === -1 ? segments.length : index).join('/') || '.';
}

export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const close = pattern.indexOf('}', i);
      if (close === -1) out += '\\{';
      else {
        out += `(?:${pattern
          .slice(i + 1, close)
          .split(',')
          .map((alt) => alt.replace(/[.+^$()|[\]\\]/g, '\\$&'))
          .join('|')})`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
