import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Logger } from 'pino';
import { authSettingsFrom, PINO_LOGGER, ProblemDetailsFilter, TokenVerifier } from '@chairside/platform';
import { ApiProxyController } from './api-proxy/api-proxy.controller.js';
import { ServiceClient } from './api-proxy/service-client.js';
import { CONSOLE_CONFIG, type ConsoleConfig } from './config/console.config.js';
import { DayBoardController } from './day-board/day-board.controller.js';
import { DayBoardQuery } from './day-board/day-board.query.js';
import { PatientNames } from './day-board/patient-names.js';
import { ConsoleHealthController } from './health.controller.js';
import { LiveHub } from './live-updates/live-hub.js';
import { LiveStreams } from './live-updates/live-streams.js';
import { LiveUpdatesController } from './live-updates/live-updates.controller.js';
import { PatientLooksController } from './patients/patient-looks.controller.js';
import { PatientLooksQuery } from './patients/patient-looks.query.js';
import { VisibleLocationsQuery } from './shell/visible-locations.query.js';
import { ShellController } from './shell/shell.controller.js';
import { AccessTokenReader } from './sign-in/access-token.js';
import { CompleteSignInUseCase } from './sign-in/complete-sign-in/complete-sign-in.use-case.js';
import { OidcClient } from './sign-in/oidc.client.js';
import { RefreshSessionUseCase } from './sign-in/refresh-session/refresh-session.use-case.js';
import { SessionGuard } from './sign-in/session.guard.js';
import { SessionStore } from './sign-in/session.store.js';
import { SignInController } from './sign-in/sign-in.controller.js';
import { SignOutUseCase } from './sign-in/sign-out/sign-out.use-case.js';
import { StartSignInUseCase } from './sign-in/start-sign-in/start-sign-in.use-case.js';

/** The console's back end: sign-in, the shell, the services' APIs, the composed board, who looked at a patient, and live updates. */
@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig, logger: Logger): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [
        SignInController,
        ShellController,
        ApiProxyController,
        DayBoardController,
        PatientLooksController,
        LiveUpdatesController,
        ConsoleHealthController,
      ],
      providers: [
        { provide: CONSOLE_CONFIG, useValue: config },
        { provide: PINO_LOGGER, useValue: logger },
        { provide: TokenVerifier, useValue: new TokenVerifier(authSettingsFrom(config)) },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        SessionStore,
        OidcClient,
        AccessTokenReader,
        StartSignInUseCase,
        CompleteSignInUseCase,
        RefreshSessionUseCase,
        SignOutUseCase,
        SessionGuard,
        ServiceClient,
        VisibleLocationsQuery,
        PatientNames,
        DayBoardQuery,
        PatientLooksQuery,
        LiveHub,
        LiveStreams,
      ],
    };
  }
}
