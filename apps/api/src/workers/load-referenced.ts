import type { DomainEvent } from '#libs/domain';
import type { AggregateType, EventWriter, LoadedAggregate } from '../commands/event-writer.js';
import { ProblemError } from '#libs/runtime';

/**
 * Loads an aggregate that a command's body names (`enterpriseId`, `workerId`): 404 `<category>_not_found`
 * with the field as `path` when its stream does not exist, the same codes the deciders use.
 */
export async function loadReferenced<S, E extends DomainEvent>(
  writer: EventWriter,
  type: AggregateType<S, E>,
  id: string,
  path: string,
): Promise<LoadedAggregate<S>> {
  const loaded = await writer.load(type, id);
  if (loaded.revision === null) {
    throw new ProblemError(404, `${type.category}_not_found`, `${type.label} ${id} was not found.`, [{ path, message: 'no such resource' }]);
  }
  return loaded;
}
