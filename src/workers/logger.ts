import pino, { type Logger } from 'pino';
import { DefaultLogger, type LogLevel } from '@temporalio/worker';

/** One JSON logger for the project and the Temporal runtime. */
export function createLogger(level: string, name = 'domainflow'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}

const TEMPORAL_TO_PINO: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export function temporalLogger(logger: Logger, level: LogLevel = 'INFO'): DefaultLogger {
  return new DefaultLogger(level, (entry) => {
    logger[TEMPORAL_TO_PINO[entry.level]]({ ...entry.meta }, entry.message);
  });
}

/** DOMAINFLOW_LOG_LEVEL in the Temporal runtime's terms. */
export function temporalLevel(level: string): LogLevel {
  switch (level) {
    case 'trace':
      return 'TRACE';
    case 'debug':
      return 'DEBUG';
    case 'info':
      return 'INFO';
    case 'warn':
      return 'WARN';
    default:
      return 'ERROR';
  }
}
