import { ConsoleLogger, Injectable, Logger } from '@nestjs/common';

/**
 * Terminus logs "Health Check has failed!" on every failing probe: a balancer probing every
 * second during an outage wrote hundreds of lines (issue 30). This one writes a line when what is
 * down changes (the outage begins, another part joins it), not per probe; the database's own
 * begin and end lines come from libs/common/src/unavailable.ts.
 */
@Injectable()
export class ReadinessLogger extends ConsoleLogger {
  private readonly logger = new Logger('Readiness');
  private last?: string;
  private lastAt = 0;

  override error(message: unknown): void {
    const text = String(message);
    // The parts that are down and their states, without whatever else varies between probes.
    const key = text.replace(/"(lastSuccessAt|since|at)":[^,}]*/g, '');
    // Said again after a quiet spell: a long outage still shows up now and then (every 10 minutes).
    if (key === this.last && Date.now() - this.lastAt < 600_000) return;
    this.last = key;
    this.lastAt = Date.now();
    this.logger.warn(text);
  }

  override log(): void {}
  override warn(message: unknown): void {
    this.logger.warn(String(message));
  }
}
