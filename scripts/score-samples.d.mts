export const SAMPLES_DIR: string;
export const SCORE_EXAMPLE: string;
export const SAMPLE_IMAGE: string;
export function scoreProjects(): { id: string; yaml: string[]; files: Record<string, string> }[];
