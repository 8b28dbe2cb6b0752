import * as path from 'node:path';
import type { Host } from '../compiler/host.js';
import { setOwn } from '../util/compare.js';

/** What --image and --images give: one image for every `image: "."`, and images per workload. */
export interface ImageFlags {
  image?: string;
  images?: Record<string, string>;
}

/** `--image X` (every workload) and `--image api=X` (one workload), each repeatable. */
export function splitImageFlags(values: readonly string[]): ImageFlags | { error: string } {
  const images: Record<string, string> = Object.create(null);
  let image: string | undefined;
  for (const value of values) {
    // An image reference never holds "=": one that does names its workload first.
    const at = value.indexOf('=');
    if (at === -1) {
      if (image !== undefined && image !== value)
        return { error: `--image is given twice for every workload ("${image}", "${value}")` };
      image = value;
      continue;
    }
    const [workload, ref] = [value.slice(0, at), value.slice(at + 1)];
    if (workload === '' || ref === '') return { error: `--image "${value}" is not <workload>=<image>` };
    if (Object.hasOwn(images, workload) && images[workload] !== ref)
      return { error: `--image is given twice for workload "${workload}"` };
    setOwn(images, workload, ref);
  }
  return {
    ...(image !== undefined ? { image } : {}),
    ...(Object.keys(images).length > 0 ? { images } : {}),
  };
}

/** `--images FILE`: a JSON or YAML map of workload name to image, as CI writes it. */
export async function readImagesFile(
  host: Host,
  file: string,
): Promise<Record<string, string> | { error: string }> {
  let text: string;
  try {
    text = new TextDecoder().decode(host.readFile(path.posix.resolve(host.cwd(), file)));
  } catch (error) {
    return { error: `--images ${file}: cannot read it (${(error as { code?: string }).code ?? 'error'})` };
  }
  const { parse } = await import('yaml');
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return { error: `--images ${file}: not JSON or YAML` };
  }
  const entries =
    value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : undefined;
  if (!entries || entries.some(([, v]) => typeof v !== 'string' || v === ''))
    return {
      error: `--images ${file}: must map workload names to images (strings), e.g. {"api": "reg/api:1"}`,
    };
  const images: Record<string, string> = Object.create(null);
  for (const [name, ref] of entries) setOwn(images, name, ref as string);
  return images;
}
