import { INSPECTION_EVENT_TYPES, RECTIFICATION_ORDER_EVENT_TYPES, type FindingStatus, type InspectionEvent, type RectificationOrderEvent } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import type { Recorded } from '../read-models/domain-event.js';
import type { InspectionDocument, RectificationOrderDocument } from './inspection-document.js';

export type InspectionsProjectionEvent = Recorded<InspectionEvent | RectificationOrderEvent>;

/** `inspections`: inspections with their findings, and rectification orders, by enterprise. */
export const inspectionsProjection: Projection<InspectionsProjectionEvent> = {
  name: 'inspections',
  version: 1,
  collections: ['inspections', 'rectification_orders'],
  indexes: { inspections: [['enterpriseId']], rectification_orders: [['enterpriseId'], ['inspectionId']] },
  eventTypes: [...INSPECTION_EVENT_TYPES, ...RECTIFICATION_ORDER_EVENT_TYPES],
  reads: (event) => (event.type === 'FindingConfirmed' || event.type === 'FindingDropped' ? [{ collection: 'inspections', id: event.data.inspectionId }] : []),
  apply: (event, documents) => {
    switch (event.type) {
      case 'InspectionOpened': {
        const { findings, ...opened } = event.data;
        const { sub, role } = event.metadata.actor;
        const set: InspectionDocument = {
          ...opened,
          findings: findings.map((f) => ({ ...f, status: 'proposed', statusOn: null, statusRecordedAt: null })),
          closedOn: null,
          inspector: { sub, role },
          recordedAt: event.recordedAt,
          closedRecordedAt: null,
        };
        return [{ type: 'patch', collection: 'inspections', id: opened.inspectionId, set }];
      }
      case 'FindingConfirmed':
      case 'FindingDropped': {
        const { inspectionId, findingId, on } = event.data;
        const status: FindingStatus = event.type === 'FindingConfirmed' ? 'confirmed' : 'dropped';
        const findings = (documents.get<InspectionDocument>('inspections', inspectionId)?.findings ?? []).map((f) =>
          f.findingId === findingId ? { ...f, status, statusOn: on, statusRecordedAt: event.recordedAt } : f,
        );
        return [{ type: 'patch', collection: 'inspections', id: inspectionId, set: { findings } }];
      }
      case 'InspectionClosed':
        return [{ type: 'patch', collection: 'inspections', id: event.data.inspectionId, set: { closedOn: event.data.closedOn, closedRecordedAt: event.recordedAt } }];
      case 'RectificationOrdered': {
        const d = event.data;
        const set: Omit<RectificationOrderDocument, 'completedOn' | 'completedRecordedAt'> = {
          orderId: d.orderId, inspectionId: d.inspectionId, enterpriseId: d.enterpriseId, orderedOn: d.orderedOn, deadline: d.deadline, fine: d.fine ?? null, recordedAt: event.recordedAt,
        };
        return [{ type: 'patch', collection: 'rectification_orders', id: d.orderId, set }];
      }
      case 'RectificationCompleted':
        return [{ type: 'patch', collection: 'rectification_orders', id: event.data.orderId, set: { completedOn: event.data.completedOn, completedRecordedAt: event.recordedAt } }];
    }
  },
};
