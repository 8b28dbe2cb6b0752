import { setOwn } from './compare.js';

/**
 * Terraform string templates, the one sink where text becomes code: in Terraform JSON every string
 * (and every object key) is a template, so `${…}` and `%{…}` in it are evaluated at plan time. Data
 * (anything a developer, a param or a literal output holds) is escaped here; only text a definition
 * writes on purpose stays live.
 */

/** Data as a Terraform template that reads back as exactly this text: `${` → `$${`, `%{` → `%%{`. */
export function escapeTemplate(text: string): string {
  return text.includes('{') ? text.replace(/([$%])\{/g, '$1$1{') : text;
}

/**
 * How Terraform reads a template: the literal text it stands for, or `live` when it holds an
 * interpolation or a directive. Scans left to right like HCL's scanner: `$${` and `%%{` are escapes
 * wherever they start, so `$$${` is a literal `$` followed by an escaped `${`.
 */
export function readTemplate(template: string): { live: true } | { live: false; text: string } {
  let text = '';
  for (let i = 0; i < template.length;) {
    const c = template[i] as string;
    if ((c === '$' || c === '%') && template[i + 1] === c && template[i + 2] === '{') {
      text += `${c}{`;
      i += 3;
    } else if ((c === '$' || c === '%') && template[i + 1] === '{') {
      return { live: true };
    } else {
      text += c;
      i += 1;
    }
  }
  return { live: false, text };
}

/** True when Terraform would evaluate something in this template. */
export function isLiveTemplate(template: string): boolean {
  return readTemplate(template).live;
}

/**
 * Every string and key of a JSON value escaped: data placed in Terraform JSON as literal text. A
 * value with nothing to escape is returned as it is (most are; a copy of each cost a large compile
 * its allocations): callers treat it as read-only.
 */
export function escapeTemplates<T>(value: T): T {
  return needsEscape(value) ? escapeAll(value) : value;
}

const opensTemplate = (text: string) => text.includes('${') || text.includes('%{');

function needsEscape(value: unknown): boolean {
  if (typeof value === 'string') return opensTemplate(value);
  if (Array.isArray(value)) return value.some(needsEscape);
  if (value && typeof value === 'object') {
    for (const key in value)
      if (
        Object.hasOwn(value, key) &&
        (opensTemplate(key) || needsEscape((value as Record<string, unknown>)[key]))
      )
        return true;
  }
  return false;
}

function escapeAll<T>(value: T): T {
  if (typeof value === 'string') return escapeTemplate(value) as T;
  if (Array.isArray(value)) return value.map(escapeAll) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      setOwn(out, escapeTemplate(key), escapeAll(item));
    }
    return out as T;
  }
  return value;
}
