'use strict';
/** Worker-side IPC for the peer workers: handler starts and completions, batched per tick. */
const now = () => performance.timeOrigin + performance.now();
let starts = [];
let done = 0;
let scheduled = false;
function flush() {
  scheduled = false;
  if (starts.length === 0 && done === 0) return;
  process.send({ starts, done });
  starts = [];
  done = 0;
}
const later = () => {
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
};
module.exports = {
  now,
  started(key) {
    starts.push([key, now()]);
    later();
  },
  finished(count = 1) {
    done += count;
    later();
  },
  ready(info = {}) {
    process.send({ ready: true, ...info });
  },
  onStop(stop) {
    process.on('message', (message) => {
      if (message && message.stop)
        stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    process.on('disconnect', () => process.exit(0));
  },
};
