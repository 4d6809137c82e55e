import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CONSOLE_CONFIG, type ConsoleConfig, publicUrl } from '../config/console.config.js';
import { clearCookie, readCookie, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE } from './cookies.js';
import { CompleteSignInUseCase } from './complete-sign-in/complete-sign-in.use-case.js';
import { CurrentSession, SessionGuard } from './session.guard.js';
import type { ConsoleSession } from './session.store.js';
import { SignOutUseCase } from './sign-out/sign-out.use-case.js';
import { StartSignInUseCase } from './start-sign-in/start-sign-in.use-case.js';

/** OpenID Connect sign-in for people: the browser only ever sees the provider's pages and an opaque cookie. */
@Controller('auth')
export class SignInController {
  constructor(
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    @Inject(StartSignInUseCase) private readonly startSignIn: StartSignInUseCase,
    @Inject(CompleteSignInUseCase) private readonly completeSignIn: CompleteSignInUseCase,
    @Inject(SignOutUseCase) private readonly signOut: SignOutUseCase,
  ) {}

  private get origin(): string {
    return publicUrl(this.config);
  }

  @Get('login')
  async login(@Query('returnTo') returnTo: string | undefined, @Res() res: Response): Promise<void> {
    const { pending, authorizationUrl } = await this.startSignIn.execute({
      redirectUri: `${this.origin}/auth/callback`,
      returnTo: typeof returnTo === 'string' ? returnTo : undefined,
    });
    setCookie(res, SIGN_IN_COOKIE, pending.id, 'lax', 10 * 60_000);
    res.setHeader('cache-control', 'no-store');
    res.redirect(303, authorizationUrl);
  }

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { session, returnTo } = await this.completeSignIn.execute({
      pendingId: readCookie(req, SIGN_IN_COOKIE),
      callbackUrl: new URL(req.originalUrl, this.origin),
    });
    clearCookie(res, SIGN_IN_COOKIE);
    setCookie(res, SESSION_COOKIE, session.id, 'strict');
    res.setHeader('cache-control', 'no-store');
    res.redirect(303, returnTo);
  }

  /** Unsafe (it ends the session): POST with the CSRF token; answers where the browser goes next. */
  @Post('logout')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  async logout(@CurrentSession() session: ConsoleSession, @Res() res: Response): Promise<void> {
    const { redirectTo } = await this.signOut.execute(session, `${this.origin}/`);
    clearCookie(res, SESSION_COOKIE);
    res.json({ redirectTo });
  }
}
