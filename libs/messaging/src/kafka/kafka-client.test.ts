import kafkajs from 'kafkajs';
import pino from 'pino';
import { COORDINATOR_CRASHES_QUIET, pinoLogCreator } from './kafka-client.js';

const { logLevel } = kafkajs;

describe('kafkajs log lines through pino', () => {
  const logged = (message: string, error: string, level = logLevel.ERROR) => {
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    pinoLogCreator(logger)(logLevel.WARN)({
      namespace: 'Connection',
      level,
      label: 'ERROR',
      log: { timestamp: '', logger: 'kafkajs', message, error },
    });
    return lines.map((l) => `${pino.levels.labels[l.level]} ${l.msg}`);
  };

  it('keeps the expected error responses of every start at debug: topics that exist, offsets of topics electing a leader', () => {
    expect(logged('Response CreateTopics(key: 19, version: 3)', 'Topic with this name already exists')).toEqual([
      'debug Response CreateTopics(key: 19, version: 3)',
    ]);
    expect(logged('Response CreateTopics(key: 19, version: 3)', 'Topic creation errors')).toEqual([
      'debug Response CreateTopics(key: 19, version: 3)',
    ]);
    expect(
      logged(
        'Response ListOffsets(key: 2, version: 4)',
        'There is no leader for this topic-partition as we are in the middle of a leadership election',
      ),
    ).toEqual(['debug Response ListOffsets(key: 2, version: 4)']);
  });

  it('keeps at debug what a broker that just started answers while its coordinators load', () => {
    expect(logged('Response GroupCoordinator(key: 10, version: 2)', 'The group coordinator is not available')).toEqual([
      'debug Response GroupCoordinator(key: 10, version: 2)',
    ]);
    expect(
      logged(
        'Response InitProducerId(key: 22, version: 1)',
        "The coordinator is loading and hence can't process requests for this group",
      ),
    ).toEqual(['debug Response InitProducerId(key: 22, version: 1)']);
    expect(logged('Response InitProducerId(key: 22, version: 1)', 'Not authorized to access topics')).toEqual([
      'error Response InitProducerId(key: 22, version: 1)',
    ]);
  });

  it("keeps a consumer's crash on a loading coordinator, and the restart kafkajs schedules for it, at debug; any other crash and its restart at error", () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const log = pinoLogCreator(logger)(logLevel.WARN);
    const consumerLine = (message: string) =>
      log({
        namespace: 'Consumer',
        level: logLevel.ERROR,
        label: 'ERROR',
        log: { timestamp: '', logger: 'kafkajs', message, groupId: 'g' },
      });
    consumerLine("Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group");
    consumerLine('Restarting the consumer in 300ms');
    consumerLine('Crash: KafkaJSConnectionError: Connection error: connect ECONNREFUSED');
    consumerLine('Restarting the consumer in 300ms');
    expect(lines.map((l) => `${pino.levels.labels[l.level]} ${l.msg.split(':')[0]}`)).toEqual([
      'debug Crash',
      'debug Restarting the consumer in 300ms',
      'error Crash',
      'error Restarting the consumer in 300ms',
    ]);
  });

  it('logs a coordinator that keeps loading at error again after the first few crashes of a group: a fault, not a start', () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const log = pinoLogCreator(logger)(logLevel.WARN);
    for (let i = 0; i <= COORDINATOR_CRASHES_QUIET; i++)
      log({
        namespace: 'Consumer',
        level: logLevel.ERROR,
        label: 'ERROR',
        log: {
          timestamp: '',
          logger: 'kafkajs',
          message: 'Crash: KafkaJSProtocolError: The coordinator is loading',
          groupId: 'g',
        },
      });
    expect(lines.map((l) => pino.levels.labels[l.level])).toEqual([
      ...Array.from({ length: COORDINATOR_CRASHES_QUIET }, () => 'debug'),
      'error',
    ]);
  });

  it('logs any other error response at error level', () => {
    expect(logged('Response CreateTopics(key: 19, version: 3)', 'Not authorized to access topics')).toEqual([
      'error Response CreateTopics(key: 19, version: 3)',
    ]);
    expect(logged('Response Produce(key: 0, version: 7)', 'This server does not host this topic-partition')).toEqual([
      'error Response Produce(key: 0, version: 7)',
    ]);
  });
});
