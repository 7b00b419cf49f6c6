export interface ShipmentLine {
  lineNo: number;
  quantity: number;
  value: number;
}

export interface Shipment {
  id: string;
  permitId: string;
  shippedOn: string;
  reference: string | null;
  lines: ShipmentLine[];
}
