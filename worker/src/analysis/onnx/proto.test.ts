import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { DataType, encodeModel, ProtoWriter } from "./proto.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("protobuf writer", () => {
  it("encodes varints, negative int64, strings and floats as protobuf does", () => {
    expect(hex(new ProtoWriter().int(1, 300).finish())).toBe("08ac02");
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe("08ffffffffffffffffff01");
    expect(hex(new ProtoWriter().string(2, "hi").finish())).toBe("12026869");
    expect(hex(new ProtoWriter().float(2, 1.5).finish())).toBe("150000c03f");
    expect(hex(new ProtoWriter().message(3, (w) => w.int(1, 1)).finish())).toBe("1a020801");
  });

  it("writes ONNX models that onnxruntime loads and runs", async () => {
    const bytes = encodeModel({
      producer: "test",
      producerVersion: "1",
      doc: "y = mean over axis 1 of (x + c), transposed input",
      opset: 17,
      irVersion: 8,
      graphName: "tiny",
      nodes: [
        { op: "Transpose", inputs: ["x"], outputs: ["xt"], attributes: { perm: [1, 0] } },
        { op: "Add", inputs: ["xt", "c"], outputs: ["s"] },
        { op: "ReduceMean", inputs: ["s"], outputs: ["y"], attributes: { axes: [1], keepdims: 0 } },
      ],
      initializers: [{ name: "c", dims: [3, 1], data: Float32Array.from([10, 20, 30]) }],
      inputs: [{ name: "x", elemType: DataType.FLOAT, shape: ["N", 3] }],
      outputs: [{ name: "y", elemType: DataType.FLOAT, shape: [3] }],
    });
    const session = await ort.InferenceSession.create(bytes);
    const x = new ort.Tensor("float32", Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    const { y } = await session.run({ x });
    // x^T = [[1,4],[2,5],[3,6]]; + c per row; mean over columns.
    expect(Array.from(y!.data as Float32Array)).toEqual([12.5, 23.5, 34.5]);
    await session.release();
  });
});
