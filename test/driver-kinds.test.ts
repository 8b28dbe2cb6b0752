import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DRIVER_KINDS, DRIVERS, isTerraformDriver, runsCode } from '../src/drivers/index.js';

const schema = JSON.parse(
  readFileSync(new URL('../spec/resource-definition.schema.json', import.meta.url), 'utf8'),
) as { properties: { spec: { properties: { driver: { properties: { kind: { enum: string[] } } } } } } };

describe('driver kinds describe themselves', () => {
  it('the schema’s enum, the descriptions and the implementations name the same kinds', () => {
    const kinds = [...schema.properties.spec.properties.driver.properties.kind.enum].sort();
    expect(Object.keys(DRIVER_KINDS).sort()).toEqual(kinds);
    expect(Object.keys(DRIVERS).sort()).toEqual(kinds);
    for (const [kind, driver] of Object.entries(DRIVERS)) expect(driver.kind).toBe(kind);
  });

  it('what each makes decides how its outputs travel and whether the inputs’ hash vouches for it', () => {
    expect(Object.keys(DRIVER_KINDS).filter(isTerraformDriver).sort()).toEqual(['cdktf', 'terraform']);
    expect(Object.keys(DRIVER_KINDS).filter(runsCode)).toEqual(['cdktf']);
    expect(isTerraformDriver('constructor')).toBe(false);
    expect(runsCode('unknown')).toBe(false);
  });
});
