/** Docker Compose variable interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `$$`. */
export class MissingComposeVariable extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'MissingComposeVariable';
  }
}

export function interpolate(text: string, variables: Record<string, string | undefined>): string {
  return text.replace(
    /\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}|\$(\w+)/g,
    (whole, braced?: string, operator?: string, operand?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare)!;
      const value = variables[name];
      const unset = operator?.startsWith(':') ? value === undefined || value === '' : value === undefined;
      if (!operator || !unset) return value ?? '';
      if (operator.endsWith('-')) return interpolate(operand ?? '', variables);
      throw new MissingComposeVariable(name, operand || 'required');
    },
  );
}

/** The variables an interpolated text requires (`${VAR:?…}` or `${VAR?…}`). */
export const requiredVariables = (text: string): string[] =>
  [...text.matchAll(/\$\{(\w+):?\?[^}]*\}/g)].map((m) => m[1]!);
