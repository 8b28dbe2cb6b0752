import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseWithShapes, swappableNames } from '../src/drivers/parse-cache.js';

const parse = (text: string) => {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  return list.some((d) => d.errors.length > 0) ? undefined : list.map((d) => d.toJS());
};

const template = (name: string, ns: string, db: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ${name}, namespace: ${ns}, labels: { app.kubernetes.io/instance: ${name} } }
spec:
  serviceName: "${name}"
  template:
    spec:
      containers:
        - name: db
          env:
            - { name: POSTGRES_DB, value: '${db}' }
            - { name: URL, value: "postgres://${name}.${ns}.svc:5432/${db}" }
          args: [--name=${name}, '${ns}']
  ${name}: a key too
  notes: |
    ${name} in ${ns} # not a comment in a block scalar
# ${name} in a comment
---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
`;

describe('parsing rendered manifests by shape gives what parsing gives', () => {
  it('only names YAML reads as text are swapped, longest first', () => {
    expect(
      swappableNames([
        'api-dev',
        'postgres-default-api-db',
        'true',
        'x',
        'api-dev',
        12,
        '1e-50000',
        'Api-Dev-Long',
        'svc_0001_db',
      ]),
    ).toEqual(['postgres-default-api-db', 'svc_0001_db']);
  });

  it('two renderings of one shape: the second is served from the first, with its own names', () => {
    const names = (n: string, ns: string, db: string) => swappableNames([n, ns, db]);
    let parses = 0;
    const counting = (text: string) => {
      parses++;
      return parse(text);
    };
    const a = template('postgres-default-api-db', 'namespace-api-dev', 'api_db_name');
    const b = template('postgres-default-web-db', 'namespace-web-dev', 'web_db_name');
    expect(
      parseWithShapes(a, names('postgres-default-api-db', 'namespace-api-dev', 'api_db_name'), counting),
    ).toEqual(parse(a));
    expect(
      parseWithShapes(b, names('postgres-default-web-db', 'namespace-web-dev', 'web_db_name'), counting),
    ).toEqual(parse(b));
    expect(parses).toBe(1);
  });

  it('any names and texts (seeded): the same documents as a plain parse, or a plain parse when it fails', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9._-]{7,20}[a-z0-9]$/);
    const filler = fc.constantFrom(
      '',
      'x',
      '-',
      ' # c',
      ': v',
      '"q"',
      "'q'",
      'QXPAWS1XQ',
      '[a, b]',
      '{ k: v }',
      '|',
    );
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 1, maxLength: 3 }),
        fc.array(filler, { minLength: 3, maxLength: 3 }),
        (names, fill) => {
          const [n0, n1 = n0, n2 = n0] = names as [string, string?, string?];
          const text = `k${fill[0]}: ${n0}${fill[1]}\n${n1}: [${n2}, "${n0}"]\nz: ${fill[2]}${n2}\n`;
          const expected = parse(text);
          const actual = parseWithShapes(text, swappableNames(names), parse);
          expect(actual).toEqual(expected);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});
