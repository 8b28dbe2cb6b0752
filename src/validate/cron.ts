/**
 * The schedule syntax of Kubernetes CronJobs: five fields (minute, hour, day of month, month, day of
 * week), each `*`, `?` (day fields), a number or name, a range `a-b`, a step `/n` on either, or a
 * comma list of those; or one of the macros. The controller rejects anything else only when it
 * tries to run the job, so paws checks it at the developer's file.
 */
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  question?: boolean;
}

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, question: true },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  {
    name: 'day of week',
    min: 0,
    max: 6,
    names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
    question: true,
  },
];

/** Why a schedule is not one the CronJob controller accepts, or undefined when it is. */
export function cronProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  if (text.startsWith('@'))
    return MACROS.has(text)
      ? undefined
      : `"${text}" is not one of the macros Kubernetes documents (${[...MACROS].join(', ')})`;
  if (/^(CRON_)?TZ=/.test(text))
    return 'a time zone in the schedule is refused by Kubernetes; set cronJob.timeZone';
  const parts = text.split(/\s+/);
  if (parts.length !== FIELDS.length)
    return `it has ${parts.length} field${parts.length === 1 ? '' : 's'}; a schedule has 5: minute hour day-of-month month day-of-week`;
  for (const [index, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[index] as string, field);
    if (problem) return `${field.name} "${parts[index]}": ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: Field): string | undefined {
  for (const item of text.split(',')) {
    const problem = itemProblem(item, field);
    if (problem) return problem;
  }
  return undefined;
}

function itemProblem(item: string, field: Field): string | undefined {
  if (item === '') return 'an empty item in a list';
  const [range = '', step, extra] = item.split('/');
  if (extra !== undefined) return 'more than one "/"';
  if (step !== undefined && !/^[1-9][0-9]*$/.test(step)) return `step "${step}" is not a positive number`;
  if (range === '*' || (range === '?' && field.question)) return undefined;
  if (range === '?') return `"?" is allowed only in the day fields`;
  const ends = range.split('-');
  if (ends.length > 2) return `"${range}" is not a range a-b`;
  const values: number[] = [];
  for (const end of ends) {
    const value = valueOf(end, field);
    if (value === undefined)
      return `"${end}" is not ${field.names ? `a number or a name (${field.names.join(', ')})` : 'a number'}`;
    if (value < field.min || value > field.max) return `${value} is outside ${field.min}-${field.max}`;
    values.push(value);
  }
  if (values.length === 2 && (values[0] as number) > (values[1] as number))
    return `the range ${range} runs backwards`;
  return undefined;
}

function valueOf(text: string, field: Field): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index < 0 ? undefined : index + field.min;
}

/**
 * Why a CronJob timeZone is not one the API server accepts (it loads the name from the IANA
 * database, case-sensitively, and refuses "Local"), or undefined when it is. The IANA names come
 * from the runtime's ICU data, which also knows the database's aliases (US/Pacific, UTC).
 */
export function timeZoneProblem(zone: string): string | undefined {
  if (/^local$/i.test(zone)) return '"Local" is the controller\'s own time zone, which Kubernetes refuses';
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return 'it is not an IANA time zone name';
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return 'the IANA time zone database has no such name';
  }
  if (canonical !== zone && canonical.toLowerCase() === zone.toLowerCase())
    return `names are case-sensitive: "${canonical}"`;
  return undefined;
}

/** The IANA names to suggest from. */
export const timeZoneNames = (): string[] => Intl.supportedValuesOf('timeZone');

const MACRO_MINUTES: Record<string, number> = {
  '@yearly': 525_600,
  '@annually': 525_600,
  '@monthly': 40_320,
  '@weekly': 10_080,
  '@daily': 1_440,
  '@midnight': 1_440,
  '@hourly': 60,
};

/** The values a valid field matches, in order. */
function expand(text: string, field: Field): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const [low, high] =
      range === '*' || range === '?'
        ? [field.min, field.max]
        : ((ends) => [
            ends[0] as number,
            (stepText !== undefined && ends.length === 1 ? field.max : ends[ends.length - 1]) as number,
          ])(range.split('-').map((end) => valueOf(end, field) as number));
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * The shortest time between two runs of a valid schedule, in minutes, for rules such as "not more
 * often than every 5 minutes". Days are taken as consecutive (the last run of a day is followed by
 * the first of the next), so a schedule restricted to some days is never reported as rarer than it can be.
 */
export function shortestInterval(schedule: string): number {
  const text = schedule.trim();
  if (text.startsWith('@')) return MACRO_MINUTES[text] ?? 1;
  const [minutes = '*', hours = '*'] = text.split(/\s+/);
  const times = expand(hours, FIELDS[1] as Field).flatMap((hour) =>
    expand(minutes, FIELDS[0] as Field).map((minute) => hour * 60 + minute),
  );
  if (times.length === 0) return 1_440;
  let shortest = (times[0] as number) + 1_440 - (times[times.length - 1] as number);
  for (let i = 1; i < times.length; i++)
    shortest = Math.min(shortest, (times[i] as number) - (times[i - 1] as number));
  return shortest;
}
