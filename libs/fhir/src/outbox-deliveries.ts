import type { EntityManager } from 'typeorm';
import type { DeliveryStatus } from '@brygga/contracts';
import type { MessageViewPart } from '@brygga/threads';

const DELIVERY_LABELS: Record<DeliveryStatus, string> = { vantar_pa_kvittens: 'väntar på kvittens', kvitterat: 'kvitterat', fel: 'fel' };

/**
 * The message view's part this library owns (registered with ThreadDerivations.registerMessagePart):
 * each message's deliveries to the receiving units' systems, in the order they were queued.
 * Messages sent to no system are absent (the view then has no `deliveries`).
 */
export async function messageDeliveries(manager: EntityManager, messageIds: readonly string[]): Promise<Map<string, MessageViewPart>> {
  const rows: { message_id: string; unit_id: string; status: DeliveryStatus }[] = await manager.query(
    `SELECT message_id, receiver_unit_id AS unit_id, status FROM fhir_outbox WHERE message_id = ANY($1::uuid[]) ORDER BY created_at`,
    [messageIds],
  );
  const parts = new Map<string, MessageViewPart>();
  for (const r of rows) {
    const part = parts.get(r.message_id) ?? { deliveries: [] };
    part.deliveries!.push({ unitId: r.unit_id, status: r.status, label: DELIVERY_LABELS[r.status] ?? r.status });
    parts.set(r.message_id, part);
  }
  return parts;
}
