/** Temporary: the contracts moved to src/contracts/ (the CLI still imports this path until it moves). */
export * from '../contracts';
