import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, OrganisationWide, Roles } from '@chairside/platform';
import { Clock } from './clock.js';
import { ClockDto } from './dto/clock.dto.js';
import { SessionWatch } from './session-watch.js';

/**
 * The session watch's clock, for tests and the demo. Served only with SESSIONS_ADJUSTABLE_CLOCK=true
 * (TestClockModule; production refuses the flag at start): anywhere else the route does not exist.
 */
@ApiTags('sessions')
@Controller()
export class TestClockController {
  constructor(
    private readonly clock: Clock,
    private readonly watch: SessionWatch,
  ) {}

  /**
   * Move the session watch's clock of the caller's organisation forward and look for overruns now.
   * Other organisations keep theirs. An admin of every location of the organisation only.
   */
  @Put('test/clock')
  @HttpCode(200)
  @Roles('admin')
  @OrganisationWide()
  @ApiOkResponse({ description: "The organisation's clock as moved." })
  moveClock(@Body() body: ClockDto, @CurrentUser() user: AuthenticatedUser) {
    this.clock.moveTo(user.org, body.now);
    this.watch.kick();
    return { now: this.clock.now(user.org).toISOString() };
  }
}
