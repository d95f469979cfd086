import { Module } from '@nestjs/common';
import { APP_CONFIG, ConfigError, type AppConfig } from '@brygga/common';
import { loadRules, RulesError, type DeadlineRules } from './rules';
import { Clock, DEADLINE_RULES, ThreadClocks } from './thread-clocks';

/**
 * The rules the config names, validated. createApp calls it before Nest starts, so a broken rules
 * file stops the api with the faults named (a ConfigError) instead of a provider's stack trace.
 */
export function rulesInForce(config: AppConfig): DeadlineRules {
  try {
    return loadRules(config.deadlineRules);
  } catch (error) {
    throw error instanceof RulesError ? new ConfigError(error.message) : error;
  }
}

@Module({
  providers: [
    {
      provide: DEADLINE_RULES,
      inject: [APP_CONFIG],
      // Validated when the api starts: a broken rules file stops it with the faults named.
      useFactory: (config: AppConfig) => rulesInForce(config),
    },
    Clock,
    ThreadClocks,
  ],
  exports: [DEADLINE_RULES, Clock, ThreadClocks],
})
export class DeadlinesModule {}
