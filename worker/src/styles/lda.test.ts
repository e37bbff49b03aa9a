import { describe, expect, it } from "vitest";
import { fitLda, project, symmetricEigen } from "./lda.ts";

describe("symmetric eigen-decomposition (Jacobi)", () => {
  it("satisfies A v = lambda v with orthonormal vectors", () => {
    const n = 6;
    const a = new Float64Array(n * n);
    let s = 3;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        s = (s * 1103515245 + 12345) & 0x7fffffff;
        const v = s / 0x7fffffff - 0.5;
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
    }
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j]! * vectors[j * n + k]!;
        expect(av).toBeCloseTo(values[k]! * vectors[i * n + k]!, 9);
      }
      for (let m = 0; m < n; m++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[i * n + k]! * vectors[i * n + m]!;
        expect(dot).toBeCloseTo(k === m ? 1 : 0, 9);
      }
    }
  });
});

describe("discriminant projection", () => {
  it("discounts a shift shared by two dimensions that is noise within each class", () => {
    // Classes differ along x - y; within a class x and y move together (like light moving
    // warmth and palette at once). Plain distance would confuse them, the projection does not.
    let s = 11;
    const rand = () => {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      return s / 0x7fffffff - 0.5;
    };
    const make = (offset: number) =>
      Array.from({ length: 40 }, () => {
        const shared = rand() * 4;
        return [shared + offset + rand() * 0.1, shared - offset + rand() * 0.1];
      });
    const a = make(0.3);
    const b = make(-0.3);
    const p = fitLda([a, b], { shrinkage: 0.01 });
    expect(p.outputDims).toBe(1);
    const pa = a.map((x) => project(p, x)[0]!);
    const pb = b.map((x) => project(p, x)[0]!);
    const separated = Math.min(...pa) > Math.max(...pb) || Math.min(...pb) > Math.max(...pa);
    expect(separated).toBe(true);
  });
});
