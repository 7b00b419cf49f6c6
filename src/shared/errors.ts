/**
 * Typed errors with stable codes. The CLI maps them to one line per problem and an
 * exit code; the HTTP layer (later) maps them to a status and a JSON body.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'invalid_transition'
  | 'overdraw'
  | 'integrity';

export const exitCodes: Record<ErrorCode, number> = {
  invalid_input: 2,
  not_found: 3,
  conflict: 4,
  forbidden: 5,
  invalid_transition: 6,
  overdraw: 7,
  integrity: 8,
};

/** One problem in an input, located precisely enough to fix it without guessing. */
export interface Problem {
  /** File name or "argument" / "option". */
  source?: string;
  /** Record location: a JSON path such as `permits[3].lines[0]`, or `line 12`. */
  record?: string;
  /** The field at fault, e.g. `itemId` or column `quantity`. */
  field?: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];
  constructor(code: ErrorCode, message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.problems = problems;
  }
}

export const invalidInput = (message: string, problems: Problem[] = []) =>
  new AppError('invalid_input', message, problems);
export const notFound = (what: string, id: string) => new AppError('not_found', `${what} ${id} not found`);
export const conflict = (message: string) => new AppError('conflict', message);

/** "file: record: field: message", skipping the parts a problem does not have. */
export function formatProblem(p: Problem): string {
  const where = [p.source, p.record, p.field].filter(Boolean).join(': ');
  return where ? `${where}: ${p.message}` : p.message;
}
