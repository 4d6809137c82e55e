import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';

/** Content Security Policy: the app's own scripts only; Mantine sets CSS variables in a style element. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  next();
}

/**
 * The built web app (Vite's output): hashed assets cached for a year, and index.html for every
 * other GET that is not the API or sign-in (the app's router takes it from there).
 */
export function webApp(dir: string) {
  const index = join(dir, 'index.html');
  const assets = express.static(dir, {
    index: false,
    setHeaders: (res, path) =>
      res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (/^\/(api|auth|health)(\/|$)/.test(req.path)) return next();
    assets(req, res, () => {
      if (!existsSync(index)) {
        res.status(503).type('text/plain').send('The web app is not built: npm run build');
        return;
      }
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(index);
    });
  };
}
