export type { Projection, ProjectionOp, ProjectionDocuments, DocumentRef } from './engine/projection.js';
export { projectionKey, collectionName } from './engine/projection-names.js';
export { Projector, type ProjectorOptions, type ProjectionLag, type ProjectionStatus } from './engine/projector.js';
export type { LeaseOptions } from './engine/projector-lease.js';
export type { BackoffOptions } from './engine/backoff.js';
export { consoleProjectorLogger, type ProjectorLogger } from './engine/projector-logger.js';
export { projectBatch } from './engine/project-batch.js';
export { ActiveCollections } from './engine/active-collections.js';
