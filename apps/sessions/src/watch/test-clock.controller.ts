import { Body, Controller, HttpCode, NotFoundException, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, OrganisationWide, Roles } from '@chairside/platform';
import { Clock } from './clock.js';
import { ClockDto } from './dto/clock.dto.js';
import { SessionWatch } from './session-watch.js';

/** The session watch's clock, for tests and the demo. */
@ApiTags('sessions')
@Controller()
export class TestClockController {
  constructor(
    private readonly clock: Clock,
    private readonly watch: SessionWatch,
  ) {}

  /**
   * Tests and the demo only (SESSIONS_ADJUSTABLE_CLOCK=true, refused in production; 404 otherwise):
   * move the session watch's clock of the caller's organisation forward and look for overruns now.
   * Other organisations keep theirs. An admin of every location of the organisation only.
   */
  @Put('test/clock')
  @HttpCode(200)
  @Roles('admin')
  @OrganisationWide()
  @ApiOkResponse({ description: "The organisation's clock as moved." })
  moveClock(@Body() body: ClockDto, @CurrentUser() user: AuthenticatedUser) {
    if (!this.clock.adjustable) throw new NotFoundException();
    this.clock.moveTo(user.org, body.now);
    this.watch.kick();
    return { now: this.clock.now(user.org).toISOString() };
  }
}
