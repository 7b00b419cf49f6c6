export const measureKinds = ['suspend_new_permits', 'embargo'] as const;
export type MeasureKind = (typeof measureKinds)[number];

/** How an application carrying the tag is treated while the measure is in force. */
export const exceptionTreatments = ['case_by_case', 'allowed'] as const;
export type ExceptionTreatment = (typeof exceptionTreatments)[number];

export interface MeasureException {
  tag: string;
  treatment: ExceptionTreatment;
}

/** `nato-cooperation=case_by_case`, or a bare tag (treatment case_by_case), as given on the command line. */
export function parseMeasureException(spec: string): MeasureException {
  const [tag, treatment = 'case_by_case'] = spec.split('=');
  return { tag: tag.trim(), treatment: treatment.trim() as ExceptionTreatment };
}

export interface DestinationMeasure {
  id: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  kind: MeasureKind;
  startsOn: string;
  endsOn: string | null;
  reason: string;
  exceptions: MeasureException[];
}

/** In force on `date`: started on or before it and not ended before it. */
export function measureInForce(m: DestinationMeasure, date: string): boolean {
  return m.startsOn <= date && (m.endsOn === null || date <= m.endsOn);
}
