/** JSON pointers (RFC 6901), the path form ajv reports and the key of every source span. */

export function joinPointer(pointer: string, segment: string): string {
  return `${pointer}/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((pointer, segment) => joinPointer(pointer, String(segment)), '');
}

/** A readable dotted path for messages: containers.main.files["/etc/x"]. */
export function displayPath(pointer: string): string {
  let out = '';
  for (const segment of splitPointer(pointer)) {
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || '(document root)';
}
