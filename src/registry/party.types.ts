export const partyKinds = ['company', 'government', 'armed_force', 'police', 'non_state_group', 'organisation', 'person'] as const;
export type PartyKind = (typeof partyKinds)[number];

export interface Party {
  id: string;
  name: string;
  aliases: string[];
  kind: PartyKind;
  /** ISO 3166-1 alpha-2. */
  country: string;
  parentId: string | null;
}
