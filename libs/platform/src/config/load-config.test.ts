import { z } from 'zod';
import { ConfigError, loadConfig, port } from './load-config.js';

describe('loadConfig', () => {
  const schema = z.object({ PORT: port(3000), AUTH_JWT_SECRET: z.string().min(32), KAFKA: z.string() });

  it('applies defaults and coerces', () => {
    expect(loadConfig(schema, { AUTH_JWT_SECRET: 's'.repeat(32), KAFKA: 'k' })).toEqual({
      PORT: 3000,
      AUTH_JWT_SECRET: 's'.repeat(32),
      KAFKA: 'k',
    });
  });

  it('names every missing or invalid variable, hiding secrets', () => {
    try {
      loadConfig(schema, { PORT: 'abc', AUTH_JWT_SECRET: 'short' });
      throw new Error('should have failed');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT="abc" is invalid');
      expect(message).toContain('AUTH_JWT_SECRET="***" is invalid');
      expect(message).toContain('KAFKA is required');
      expect(message).not.toContain('short');
    }
  });
});
