import fc from 'fast-check';
import pg from 'pg';
import { databaseConfigFromEnv, inlineParameters } from '../src/index.js';

// What a statement reads must not depend on whether its parameters travelled separately
// (extended protocol) or inlined as literals (one simple-protocol round trip for several).
describe('inlineParameters against PostgreSQL', () => {
  const config = databaseConfigFromEnv('database-test', { ...process.env, DATABASE_NAME: 'postgres' });
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: 'postgres',
  });

  beforeAll(() => client.connect());
  afterAll(() => client.end());

  // PostgreSQL text cannot hold NUL, whichever way it is sent.
  const withoutNul = (s: string) => s.split(String.fromCharCode(0)).join('');

  const sameBothWays = async (sql: string, parameters: unknown[]) => {
    const separate = await client.query(sql, parameters);
    const inlined = await client.query(inlineParameters({ sql, parameters }));
    expect(inlined.rows).toEqual(separate.rows);
  };

  it('reads text (quotes, backslashes, placeholders, any Unicode), numbers, booleans and NULL the same', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary' }).map(withoutNul),
        fc.oneof(fc.constantFrom("'", '\\', "\\'", '$1', '$$', "E'", '--', '/*'), fc.string()),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.option(fc.string(), { nil: null }),
        async (text, tricky, int, double, bool, maybe) => {
          await sameBothWays(
            'SELECT $1::text AS a, $2::text AS b, $3::int AS c, $4::float8 AS d, $5::boolean AS e, $6::text AS f, $2::text || $1::text AS g',
            [text, tricky, int, double, bool, maybe],
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads instants, text arrays and JSON the same', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.array(fc.string({ unit: 'binary' }).map(withoutNul)),
        fc.jsonValue().filter((v) => !JSON.stringify(v).includes('\\u0000')),
        fc.dictionary(fc.string(), fc.jsonValue()).filter((v) => !JSON.stringify(v).includes('\\u0000')),
        async (instant, labels, json, object) => {
          // JSON goes as text (as TypeORM sends it; the driver would send a JS array as a SQL array); a plain object the driver serialises.
          await sameBothWays('SELECT $1::timestamptz AS a, $2::text[] AS b, $3::jsonb AS c, $4::jsonb AS d', [
            instant,
            labels,
            JSON.stringify(json),
            object,
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a parameter a value, never SQL', async () => {
    const hostile = "x'); DROP TABLE pg_class; --";
    const { rows } = await client.query(inlineParameters({ sql: 'SELECT $1::text AS v', parameters: [hostile] }));
    expect(rows).toEqual([{ v: hostile }]);
  });
});
