import { Controller, Get, Inject } from '@nestjs/common';
import { LiveHub } from './live-updates/live-hub.js';

/**
 * Liveness, and readiness once live updates are connected to Kafka; `receiving` once that join has
 * settled (JOIN_SETTLE_MS after its first fetch), when open streams have been told `ready` again.
 */
@Controller('health')
export class ConsoleHealthController {
  constructor(@Inject(LiveHub) private readonly hub: LiveHub) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    return {
      status: this.hub.isConnected ? 'ok' : 'starting',
      liveUpdates: this.hub.isConnected,
      receiving: this.hub.isReceiving,
    };
  }
}
