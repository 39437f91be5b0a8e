'use strict';

const COLORS = { gray: 90, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 };
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (color, text) => (useColor ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text);
const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** A pino JSON line as `LEVEL message key=value…`; any other line as it is. */
function readable(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (!entry || typeof entry !== 'object' || !('msg' in entry)) return line;
  const { level, msg, time: _time, pid: _pid, hostname: _host, name: _name, ...rest } = entry;
  const extra = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const label = LEVELS[level] ?? String(level ?? '');
  const shown = level >= 50 ? paint('red', label) : level >= 40 ? paint('yellow', label) : label;
  return `${shown} ${msg}${extra ? ` ${extra}` : ''}`;
}

/** Writes each line of a stream as `[name] line`, the name in the service's color. */
function prefixLines(stream, name, color, onLine = () => undefined) {
  const prefix = paint(color, `[${name}]`.padEnd(16));
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      process.stdout.write(`${prefix} ${readable(line)}\n`);
      onLine(line);
    }
  });
  stream.on('end', () => {
    if (partial) {
      process.stdout.write(`${prefix} ${readable(partial)}\n`);
      onLine(partial);
    }
  });
}

const say = (text) => process.stdout.write(`${paint('blue', '[tenantry]'.padEnd(16))} ${text}\n`);

module.exports = { paint, prefixLines, readable, say };
