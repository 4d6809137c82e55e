import { readPatientLink, signPatientLink } from './patient-link.js';

describe('patient page links', () => {
  const key = 'k'.repeat(40);
  const messageId = '0b7f7c1e-3a5d-4c11-9f43-1d2e3f4a5b6c';
  const expiresAt = new Date('2026-12-03T15:00:00Z');
  const token = signPatientLink(key, { messageId, expiresAt });

  it('reads back the message and the expiry of a link it signed', () => {
    expect(readPatientLink(key, token, new Date('2026-12-03T14:59:59Z'))).toEqual({ messageId, expiresAt });
  });

  it('refuses the link at and after its expiry', () => {
    expect(readPatientLink(key, token, expiresAt)).toBe('expired');
    expect(readPatientLink(key, token, new Date('2027-01-01T00:00:00Z'))).toBe('expired');
  });

  it('refuses a link with any part changed, or signed with another key', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const [id, seconds, mac] = token.split('.') as [string, string, string];
    const later = `${id}.${Number(seconds) + 86_400}.${mac}`;
    const other = `${id.replace(/^0/, '1')}.${seconds}.${mac}`;
    const flipped = `${id}.${seconds}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    for (const altered of [later, other, flipped, `${token}x`, 'not-a-link', ''])
      expect(readPatientLink(key, altered, now)).toBe('altered');
    expect(readPatientLink('z'.repeat(40), token, now)).toBe('altered');
  });
});
