/**
 * Images for containers written `image: "."` (built by CI): one for every workload (`--image X`),
 * and per workload (`--image api=X`, `--images FILE`), which wins.
 */
export interface ImageOptions {
  image?: string;
  images?: Readonly<Record<string, string>>;
}

/** The image a workload's `image: "."` stands for, if one was given. */
export function imageFor(options: ImageOptions, workload: string): string | undefined {
  return (
    (options.images && Object.hasOwn(options.images, workload) ? options.images[workload] : undefined) ??
    options.image
  );
}
