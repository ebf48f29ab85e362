/**
 * Powertools logger, metrics and tracer, built once per function at cold start.
 * Logs are JSON with the request id; the router appends correlation id and user id.
 * Tracing and EMF metrics are on in Lambda and off in the local runtime and tests
 * (POWERTOOLS_TRACE_ENABLED / POWERTOOLS_METRICS_DISABLED), where nothing reads them.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const METRICS_NAMESPACE = 'Ownstack';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

export function createObservability(serviceName: string): Observability {
  const logger = new Logger({ serviceName });
  return {
    logger,
    // Metrics' own notices go through a child logger at ERROR: its "no application metrics to
    // publish" warning would otherwise cost ~700 bytes of ingested log on every request.
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName, logger: logger.createChild({ logLevel: 'ERROR' }) }),
    tracer: new Tracer({ serviceName }),
  };
}
