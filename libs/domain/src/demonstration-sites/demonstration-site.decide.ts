import type { ReferenceData } from '../reference/reference-data.js';
import { findSector, isKnownCounty } from '../reference/reference-lookups.js';
import { checkDays } from '../shared/check-days.js';
import { accept, type Decider } from '../shared/decision.js';
import { isOneOf } from '../shared/one-of.js';
import { alreadyExists, invalidInput, unknownCounty } from '../shared/rejections.js';
import {
  DEMONSTRATION_SITE_KINDS,
  evolveDemonstrationSite,
  initialDemonstrationSiteState,
  type DemonstrationSiteEstablished,
  type DemonstrationSiteEvent,
  type DemonstrationSiteState,
} from './demonstration-site.js';

export type EstablishDemonstrationSite = {
  type: 'EstablishDemonstrationSite';
  data: Omit<DemonstrationSiteEstablished['data'], 'sector' | 'kind' | 'practicalExams'> & { kind: string; sector?: string; practicalExams?: boolean };
};
export type DemonstrationSiteCommand = EstablishDemonstrationSite;

export const demonstrationSiteDecider = (
  ref: ReferenceData,
): Decider<DemonstrationSiteState, DemonstrationSiteCommand, DemonstrationSiteEvent> => ({
  initialState: initialDemonstrationSiteState,
  evolve: evolveDemonstrationSite,
  decide: ({ data }, state) => {
    if (state.established) return alreadyExists('demonstration_site');
    const badDay = checkDays({ establishedOn: data.establishedOn });
    if (badDay) return badDay;
    const kind = data.kind;
    if (!isOneOf(DEMONSTRATION_SITE_KINDS, kind)) {
      return invalidInput('invalid_site_kind', `kind must be ${DEMONSTRATION_SITE_KINDS.join(' or ')}`, 'kind');
    }
    const sector = data.sector === undefined ? undefined : findSector(ref, data.sector, data.establishedOn);
    if (data.sector !== undefined && !sector) return invalidInput('unknown_sector', 'the sector is not one of the high-risk sectors', 'sector');
    if (data.practicalExams && kind !== 'training_base') {
      return invalidInput('practical_exams_need_a_base', 'only a training base holds special-operation practical exams', 'practicalExams');
    }
    if (!isKnownCounty(ref, data.countyCode, data.establishedOn)) return unknownCounty();
    const { sector: _given, kind: _kind, practicalExams, ...rest } = data;
    return accept([{ type: 'DemonstrationSiteEstablished', data: { ...rest, kind, ...(sector ? { sector: sector.code } : {}), ...(practicalExams ? { practicalExams: true as const } : {}) } }]);
  },
});
