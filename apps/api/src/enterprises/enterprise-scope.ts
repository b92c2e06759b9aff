import type { EventWriter } from '../commands/event-writer.js';
import type { ResourceScope } from '../shared/scope.js';
import { enterpriseAggregate } from './enterprise.aggregate.js';

/** The scope of an enterprise (its id and county) from its stream; 404 when it is not registered. */
export async function enterpriseScope(writer: EventWriter, enterpriseId: string): Promise<Required<Pick<ResourceScope, 'enterpriseId' | 'countyCode'>>> {
  const { state } = await writer.loadExisting(enterpriseAggregate, enterpriseId);
  return { enterpriseId, countyCode: state.registered!.countyCode };
}
