import { Controller, Get, Inject } from '@nestjs/common';
import { LiveHub } from './live-updates/live-hub.js';

/** Liveness, and readiness once live updates are connected to Kafka. */
@Controller('health')
export class ConsoleHealthController {
  constructor(@Inject(LiveHub) private readonly hub: LiveHub) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    return { status: this.hub.isConnected ? 'ok' : 'starting', liveUpdates: this.hub.isConnected };
  }
}
