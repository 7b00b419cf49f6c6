export interface Item {
  id: string;
  name: string;
  aliases: string[];
  manufacturerId: string | null;
  category: string | null;
  /** Validated control-list codes (see control-code.ts). */
  controlCodes: string[];
  /** Platforms the item is fitted to, e.g. an EO/IR sensor on "Bayraktar TB2". */
  platforms: string[];
}
