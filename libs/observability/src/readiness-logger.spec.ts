import { Logger } from '@nestjs/common';
import { ReadinessLogger } from './readiness-logger';

describe('ReadinessLogger', () => {
  it('writes a failing readiness once, not once per probe, and again when what is down changes', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const logger = new ReadinessLogger();
      const down = 'Health Check has failed! {"database":{"state":"unreachable","status":"down"}}';
      for (let i = 0; i < 200; i++) logger.error(down);
      expect(warn).toHaveBeenCalledTimes(1);
      logger.error('Health Check has failed! {"database":{"state":"unreachable","status":"down"},"listen":{"status":"down"}}');
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
    }
  });
});
