import { isTransientDatabaseError } from './postgres-errors.js';
import { inlineParameters, NulInParameterError, valuesPlaceholders } from './sql.js';

describe('valuesPlaceholders', () => {
  it('numbers every value of every row in order', () => {
    expect(valuesPlaceholders(2, 3)).toBe('($1, $2, $3), ($4, $5, $6)');
    expect(valuesPlaceholders(1, 1)).toBe('($1)');
  });
});

describe('inlineParameters', () => {
  it('replaces each placeholder by its value as a quoted literal, NULL for null and undefined', () => {
    expect(
      inlineParameters({ sql: 'SELECT $1, $2::int, $3, $4, $10', parameters: ['a', 7, null, undefined, 1, 2, 3, 4, 5, 'ten'] }),
    ).toBe(`SELECT 'a', '7'::int, NULL, NULL, 'ten'`);
  });

  it('doubles quotes and escapes backslashes the way PostgreSQL reads them', () => {
    expect(inlineParameters({ sql: 'SELECT $1', parameters: ["O'Brien"] })).toBe(`SELECT 'O''Brien'`);
    // node-postgres writes a literal with a backslash as ` E'…'` (leading space included).
    expect(inlineParameters({ sql: 'SELECT $1', parameters: ['a\\b'] })).toBe(`SELECT  E'a\\\\b'`);
  });

  it('renders dates as instants with their offset, arrays as array literals and objects as JSON', () => {
    const sql = inlineParameters({
      sql: 'SELECT $1, $2, $3',
      parameters: [new Date('2027-03-14T07:30:00Z'), ['infusion', 'chemotherapy_biotherapy'], { a: "it's" }],
    });
    expect(sql).toMatch(
      /^SELECT '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d', '\{"infusion","chemotherapy_biotherapy"\}', '\{"a":"it''s"\}'$/,
    );
  });

  it('leaves what looks like a placeholder inside strings, quoted names, comments and dollar quotes alone', () => {
    const sql = `SELECT '$1', E'\\'$1', "$1" -- $1\n/* $2 */, $$ $1 $$, $fn$ $2 $fn$, a$1, $1`;
    expect(inlineParameters({ sql, parameters: ['x'] })).toBe(
      `SELECT '$1', E'\\'$1', "$1" -- $1\n/* $2 */, $$ $1 $$, $fn$ $2 $fn$, a$1, 'x'`,
    );
  });

  it('refuses a placeholder without a parameter and a value it cannot send as text', () => {
    expect(() => inlineParameters({ sql: 'SELECT $2', parameters: ['only one'] })).toThrow(/\$2 has no parameter/);
    expect(() => inlineParameters({ sql: 'SELECT $1', parameters: [Buffer.from('x')] })).toThrow(/cannot be sent as text/);
  });

  it('knows that block comments nest: a placeholder inside a nested comment is not one, the one after it is', () => {
    const sql = 'SELECT /* outer /* inner */ still $1 a comment */ $1, /* /* /* $2 */ */ */ $2';
    expect(inlineParameters({ sql, parameters: ['x', 'y'] })).toBe(
      "SELECT /* outer /* inner */ still $1 a comment */ 'x', /* /* /* $2 */ */ */ 'y'",
    );
    // An unclosed nested comment swallows the rest, as PostgreSQL reads it.
    expect(inlineParameters({ sql: 'SELECT $1 /* /* */ $1', parameters: ['x'] })).toBe("SELECT 'x' /* /* */ $1");
  });

  it("handles doubled quotes in E-strings and quoted names, and a dollar quote's tag", () => {
    const sql = `SELECT E'it''s \\' $1', "a""$1", $tag$ $1 $notag$ $1 $tag$, $1`;
    expect(inlineParameters({ sql, parameters: ['x'] })).toBe(`SELECT E'it''s \\' $1', "a""$1", $tag$ $1 $notag$ $1 $tag$, 'x'`);
  });

  it('refuses a value with a NUL byte as a permanent error (22021), never a transient one', () => {
    const inlining = () => inlineParameters({ sql: 'SELECT $1', parameters: ['a\u0000b'] });
    expect(inlining).toThrow(NulInParameterError);
    let error: unknown;
    try {
      inlining();
    } catch (e) {
      error = e;
    }
    expect((error as { code: string }).code).toBe('22021');
    expect(isTransientDatabaseError(error)).toBe(false);
    // What the server answers when such text reaches it anyway: the client's own malformed message.
    expect(isTransientDatabaseError({ code: '08P01' })).toBe(false);
  });
});
