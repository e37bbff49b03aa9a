// tldraw's store flushes its listeners on the next animation frame; Node has no frames, so
// one is 16 ms of timer here, as in a browser at 60 fps. Import this before using a store.
const g = globalThis as {
  requestAnimationFrame?: (callback: (time: number) => void) => number;
  cancelAnimationFrame?: (id: number) => void;
};
g.requestAnimationFrame ??= (callback) =>
  setTimeout(() => callback(performance.now()), 16) as unknown as number;
g.cancelAnimationFrame ??= (id) => clearTimeout(id);
