export type ResponseProperties = Record<string, Array<string | number>>;

/** An API answer other than success, raised from deep inside a rule. */
export class CommandFault extends Error {
  override readonly name = 'CommandFault';
  constructor(
    readonly code: number,
    readonly description: string,
    readonly properties?: ResponseProperties,
  ) {
    super(`${code} ${description}`);
  }
}

/** Thrown by the control surface (approve without a pending transfer, bad seed data ...). */
export class SandboxStateError extends Error {
  override readonly name = 'SandboxStateError';
}
