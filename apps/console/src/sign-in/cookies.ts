import type { Request, Response } from 'express';

/**
 * The session cookie: `__Host-` (host-only, path /, Secure), HttpOnly so scripts never see it,
 * SameSite=Strict so no other site's page sends it. Browsers keep Secure cookies of loopback
 * origins over plain HTTP (development); anywhere else the console is served over HTTPS.
 */
export const SESSION_COOKIE = '__Host-chairside-session';
/** The sign-in in progress: Lax, because the provider's redirect back is a cross-site navigation. */
export const SIGN_IN_COOKIE = '__Host-chairside-sign-in';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

export function setCookie(res: Response, name: string, value: string, sameSite: 'strict' | 'lax', maxAgeMs?: number): void {
  res.cookie(name, value, {
    httpOnly: true,
    secure: true,
    sameSite,
    path: '/',
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  });
}

export function clearCookie(res: Response, name: string): void {
  res.clearCookie(name, { httpOnly: true, secure: true, path: '/' });
}
