import { Injectable } from '@nestjs/common';
import type { Admin } from 'kafkajs';

export interface ConsumerLag {
  group: string;
  /** Messages on the service's topics not yet applied and committed by its group. */
  messages: number;
  topics: Array<{ topic: string; messages: number }>;
  measuredAt: string;
}

export type LagSource = () => Promise<ConsumerLag>;

/**
 * How far the service's consumer group is behind, for APIs that must say how fresh their
 * figures are. The consumer attaches itself when it starts; until then there is nothing to ask.
 */
@Injectable()
export class ConsumerLagProbe {
  private source: LagSource | undefined;
  private cached: { at: number; lag: Promise<ConsumerLag> } | undefined;
  private settled: ConsumerLag | undefined;

  attach(source: LagSource): void {
    this.source = source;
  }

  /**
   * The lag, measured at most once a second however often it is asked for. While a newer
   * measurement is under way, a caller gets the last one if it is at most 2 s old (its measuredAt
   * says when) rather than wait for Kafka's round trips: a 30 ms report then stays a 30 ms report.
   */
  measure(): Promise<ConsumerLag | null> {
    if (!this.source) return Promise.resolve(null);
    if (!this.cached || Date.now() - this.cached.at > 1_000) {
      const cached = { at: Date.now(), lag: this.source() };
      this.cached = cached;
      cached.lag.then(
        (lag) => {
          if (this.cached === cached) this.settled = lag;
        },
        // A failed measurement is not kept: the next caller asks Kafka again.
        () => {
          if (this.cached === cached) this.cached = undefined;
        },
      );
    }
    const last = this.settled;
    if (last && Date.now() - Date.parse(last.measuredAt) <= 2_000) return Promise.resolve(last);
    return this.cached.lag;
  }
}

/** Messages between the group's committed offsets and the ends of its topics' partitions. */
export async function measureGroupLag(admin: Admin, groupId: string, topics: string[]): Promise<ConsumerLag> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  const perTopic = await Promise.all(
    topics.map(async (topic) => {
      const ends = await admin.fetchTopicOffsets(topic);
      const done = new Map(
        (committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
      );
      // A partition the group has never committed on is behind by everything still on it.
      const messages = ends.reduce(
        (sum, p) => sum + Math.max(0, Number(p.high) - Math.max(done.get(p.partition) ?? -1, Number(p.low))),
        0,
      );
      return { topic, messages };
    }),
  );
  return {
    group: groupId,
    messages: perTopic.reduce((s, t) => s + t.messages, 0),
    topics: perTopic,
    measuredAt: new Date().toISOString(),
  };
}
