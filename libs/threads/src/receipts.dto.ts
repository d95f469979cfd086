/** Who read one of my messages (GET …/messages/:messageId/receipts). */
export class ReceiptReader {
  userId: string;
  name: string;
  unitId: string;
  unitName: string;
  readAt: string;
}

/** Readers per unit. */
export class ReceiptUnit {
  unitId: string;
  unitName: string;
  readers: number;
  firstReadAt: string;
}

export class ReceiptsDto {
  messageId: string;
  readers: ReceiptReader[];
  units: ReceiptUnit[];
}

/** GET /api/threads/:id/receipts: my messages in the thread that someone has read, in seq order (one request, not one per message). */
export class MyReceiptsDto {
  receipts: ReceiptsDto[];
}
