/** A setting that cannot work; the message names the variable. Entry points print it and exit 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
