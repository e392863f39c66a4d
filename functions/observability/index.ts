/** Powertools for every handler: one import (`instrumented` at the export line, `logger` inside). */
export { instrumented, asFunction } from './instrumented.js';
export { logger, withCorrelation } from './logger.js';
export { measure } from './measure.js';
export { MetricName, recordIngest } from './metrics.js';
export { tracer, traced } from './tracer.js';
