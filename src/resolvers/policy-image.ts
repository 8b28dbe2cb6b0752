/**
 * An image reference in its parts, as Docker reads it: the registry is the first component when it
 * looks like a host (has "." or ":", or is localhost), else docker.io; the tag follows the last ":"
 * after the last "/"; `latest` is true when the image runs whatever "latest" is (no tag and no digest,
 * or the tag latest).
 */
export function containerImage(image: string): {
  image: string;
  registry: string;
  repository: string;
  tag: string;
  digest: string;
  latest: boolean;
} {
  const [named = '', digest = ''] = image.split('@');
  const slash = named.indexOf('/');
  const first = slash < 0 ? '' : named.slice(0, slash);
  const hasHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasHost ? first : 'docker.io';
  const rest = hasHost ? named.slice(slash + 1) : named;
  const colon = rest.lastIndexOf(':');
  const repository = colon < 0 ? rest : rest.slice(0, colon);
  const tag = colon < 0 ? '' : rest.slice(colon + 1);
  return {
    image,
    registry,
    repository,
    tag,
    digest,
    latest: digest === '' && (tag === '' || tag === 'latest'),
  };
}
