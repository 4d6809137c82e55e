import fc from 'fast-check';
import { InvalidTokenError, mintToken, verifyToken } from './tokens.js';
import { locationsNamedBy } from './auth.guard.js';

const settings = { secret: 'x'.repeat(40), issuer: 'chairside', audience: 'chairside-api' };
const user = { sub: 'nurse-1', org: 'org-1', roles: ['nurse' as const], locations: ['loc-a'] };

describe('tokens', () => {
  it('verifies what it mints', () => {
    expect(verifyToken(mintToken(user, settings), settings)).toEqual(user);
  });

  it('rejects expired, foreign and tampered tokens', () => {
    const token = mintToken(user, settings, 60, Date.now() - 3_600_000);
    expect(() => verifyToken(token, settings)).toThrow('expired');
    expect(() => verifyToken(mintToken(user, { ...settings, secret: 'y'.repeat(40) }), settings)).toThrow('bad signature');
    expect(() => verifyToken(mintToken(user, { ...settings, audience: 'other' }), settings)).toThrow(InvalidTokenError);
    const [h, p, s] = mintToken(user, settings).split('.');
    const elevated = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), roles: ['admin'], locations: '*' }),
    ).toString('base64url');
    expect(() => verifyToken(`${h}.${elevated}.${s}`, settings)).toThrow('bad signature');
  });

  it('refuses an alg:none token', () => {
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const [, p] = mintToken(user, settings).split('.');
    expect(() => verifyToken(`${none}.${p}.`, settings)).toThrow(InvalidTokenError);
  });

  it('never accepts an arbitrary string as a token', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          verifyToken(s, settings);
          return false;
        } catch (error) {
          return error instanceof InvalidTokenError;
        }
      }),
    );
  });
});

describe('locationsNamedBy', () => {
  it('finds location ids in the path, query and body', () => {
    expect(
      locationsNamedBy({ params: { locationId: 'a' }, query: { locationIds: 'b,c' }, body: { locationId: 'd' } } as never).sort(),
    ).toEqual(['a', 'b', 'c', 'd']);
    expect(locationsNamedBy({ params: {}, query: {}, body: undefined } as never)).toEqual([]);
  });
});
