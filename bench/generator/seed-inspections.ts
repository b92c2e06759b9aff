import { addDays } from '#libs/domain';
import { enforcement } from './demo-actors.js';
import { idOf, type DemoClient } from './demo-client.js';
import type { DemoEnterprise } from './demo-records.js';
import { randomFor } from './random.js';

/**
 * Enforcement inspections (安全培训执法检查) of every third enterprise in 2021: the api proposes the
 * findings from the state as of the day; the officer drops about one in seven (the worker had moved
 * post, the paper record was shown on site) and confirms the rest, then orders rectification with a
 * deadline, sometimes a fine, and closes the inspection. Most orders are completed on time, some late,
 * some not yet (overdue, or still open, at the end of October 2021).
 */
export async function seedInspections(client: DemoClient, seed: number, enterprises: DemoEnterprise[]): Promise<void> {
  for (const enterprise of enterprises.filter((e) => e.index % 3 === 0)) {
    const random = randomFor(seed, 5, enterprise.index);
    const officer = client.as(enforcement(enterprise.countyCode));
    const inspectedOn = random.day('2021-03-01', '2021-10-25');
    const opened = await officer.POST('/api/v1/inspections', { body: { enterpriseId: enterprise.id, inspectedOn, checks: ['training_plan', 'certificates', 'training_archive', 'onsite_quiz'], findings: [] } });
    const inspectionId = idOf(opened);
    if (!inspectionId) continue;
    const proposals = opened.data?.proposedFindings ?? [];
    const inspection = { id: inspectionId };
    let confirmed = 0;
    for (const [i, proposal] of proposals.entries()) {
      const dropped = i % 7 === 3;
      const path = { ...inspection, findingId: proposal.findingId };
      if (dropped) await officer.POST('/api/v1/inspections/{id}/findings/{findingId}/dismissal', { params: { path }, body: { on: inspectedOn, reason: '现场核实：纸质培训档案齐全' } });
      else if ((await officer.POST('/api/v1/inspections/{id}/findings/{findingId}/confirmation', { params: { path }, body: { on: inspectedOn } })).data) confirmed += 1;
    }
    if (confirmed > 0) {
      const deadline = addDays(inspectedOn, 30);
      const order = { deadline, orderedOn: addDays(inspectedOn, 1), ...(random.chance(0.4) ? { fine: 10000 * random.int(1, 4) } : {}) };
      const orderId = idOf(await officer.POST('/api/v1/inspections/{id}/rectification-orders', { params: { path: inspection }, body: order }));
      const outcome = random.next();
      if (orderId && outcome < 0.8) {
        const completedOn = outcome < 0.55 ? addDays(inspectedOn, random.int(10, 29)) : addDays(deadline, random.int(3, 20));
        await officer.POST('/api/v1/rectification-orders/{id}/completion', { params: { path: { id: orderId } }, body: { completedOn } });
      }
    }
    await officer.POST('/api/v1/inspections/{id}/closure', { params: { path: inspection }, body: { closedOn: addDays(inspectedOn, 2) } });
  }
}
