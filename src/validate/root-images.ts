/**
 * Official Docker Hub images whose default user is root. Under the restricted profile
 * (`runAsNonRoot: true`) the kubelet refuses to start them, so paws warns at compile time instead.
 * Only the library images themselves: a registry or an organisation in front of the name is somebody
 * else's image, and its user is unknown here.
 */
const ROOT_IMAGES = new Set([
  'alpine',
  'busybox',
  'centos',
  'debian',
  'fedora',
  'golang',
  'httpd',
  'mariadb',
  'mongo',
  'mysql',
  'nginx',
  'node',
  'postgres',
  'python',
  'rabbitmq',
  'redis',
  'ruby',
  'ubuntu',
]);

/** How a reference may name Docker Hub's official images: bare, or with the registry written out. */
const DOCKER_HUB_LIBRARY = new Set([
  '',
  'library',
  'docker.io',
  'docker.io/library',
  'index.docker.io',
  'index.docker.io/library',
  'registry-1.docker.io',
  'registry-1.docker.io/library',
]);

/** The library image name of a Docker Hub reference (`nginx:1.27`, `docker.io/library/nginx@sha256:…`), if it is one. */
function libraryName(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] as string;
  const parts = withoutDigest.split('/');
  const last = parts.pop() as string;
  const name = last.split(':')[0] as string;
  const prefix = parts.join('/');
  return DOCKER_HUB_LIBRARY.has(prefix) ? name : undefined;
}

export function isKnownRootImage(image: string): boolean {
  const name = libraryName(image);
  return name !== undefined && ROOT_IMAGES.has(name);
}
